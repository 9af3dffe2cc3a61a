import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffMembership } from '../src/diff/diff-membership.js';
import { resolveTruthRules } from '../src/diff/rules.js';
import { applyChanges, observe, runScans } from './helpers/snapshots.js';

const idSet = fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 120 });
const looseRules = resolveTruthRules({ maxLeaveFraction: 1 });

describe('diffMembership', () => {
  it('emitted joins and leaves always turn the old snapshot into the new one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(idSet, fc.boolean()), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 3 }),
        (scans, confirmScans) => {
          const rules = resolveTruthRules({ confirmScans, maxLeaveFraction: 0.3 });
          let before: number[] = [];
          for (const diff of runScans(
            scans.map(([ids, stable]) => observe(ids, { stable, seams: [0, 1000] })),
            rules,
          )) {
            expect([...diff.next.ids]).toEqual(applyChanges(before, diff.joins, diff.leaves));
            before = [...diff.next.ids];
          }
        },
      ),
    );
  });

  it('once a scan result repeats confirmScans times the snapshot equals it, and events equal the set difference', () => {
    fc.assert(
      fc.property(idSet, idSet, fc.integer({ min: 1, max: 4 }), (first, second, confirmScans) => {
        const rules = resolveTruthRules({ confirmScans, acceptMassChange: true });
        const diffs = runScans(
          [observe(first), ...Array.from({ length: confirmScans }, () => observe(second))],
          rules,
        );
        const last = diffs[diffs.length - 1]!;
        expect([...last.next.ids]).toEqual([...new Set(second)].sort((a, b) => a - b));
        const joined = diffs.slice(1).flatMap((d) => [...d.joins]);
        const left = diffs.slice(1).flatMap((d) => [...d.leaves]);
        expect(joined.sort((a, b) => a - b)).toEqual(
          second.filter((id) => !first.includes(id)).sort((a, b) => a - b),
        );
        expect(left.sort((a, b) => a - b)).toEqual(
          first.filter((id) => !second.includes(id)).sort((a, b) => a - b),
        );
      }),
    );
  });

  it('never reports a leave for a member missing from fewer than confirmScans consecutive scans', () => {
    fc.assert(
      fc.property(
        idSet,
        fc.array(fc.integer({ min: 0, max: 119 }), { minLength: 2, maxLength: 10 }),
        (members, hideIndexes) => {
          fc.pre(members.length > 0);
          // Each scan hides one member, never the same one twice in a row.
          const scans = [observe(members)];
          let previous = -1;
          for (const index of hideIndexes) {
            const hidden = members[index % members.length]!;
            if (hidden === previous) continue;
            scans.push(observe(members.filter((id) => id !== hidden)));
            previous = hidden;
          }
          const diffs = runScans(scans, looseRules);
          expect(diffs.flatMap((d) => [...d.leaves])).toEqual([]);
        },
      ),
    );
  });

  it('needs two consecutive absences for a leave and one sighting for a join', () => {
    const rules = resolveTruthRules({ maxLeaveFraction: 1 });
    const [, second, third] = runScans(
      [observe([1, 2, 3]), observe([1, 2, 4]), observe([1, 2, 4])],
      rules,
    );
    expect([...second!.joins]).toEqual([4]);
    expect([...second!.leaves]).toEqual([]);
    expect([...second!.pending]).toEqual([3]);
    expect([...third!.leaves]).toEqual([3]);
  });

  it('resets the absence count when a member is seen again', () => {
    const diffs = runScans(
      [observe([1, 2]), observe([1]), observe([1, 2]), observe([1])],
      looseRules,
    );
    expect(diffs.flatMap((d) => [...d.leaves])).toEqual([]);
    expect([...diffs[3]!.pending]).toEqual([2]);
  });
});

describe('mass-change breaker', () => {
  const members = Array.from({ length: 100 }, (_, i) => i + 1);
  const survivors = members.slice(20); // 20% leave, above the 15% default

  it('holds a mass leave, then releases it after breakerConfirmScans more absences', () => {
    const diffs = runScans(
      [observe(members), ...Array.from({ length: 4 }, () => observe(survivors))],
      resolveTruthRules(),
    );
    expect(diffs[1]!.breaker).toMatchObject({ tripped: true, reason: 'mass-leave', absent: 20 });
    expect(diffs[1]!.leaves.length + diffs[2]!.leaves.length + diffs[3]!.leaves.length).toBe(0);
    expect(diffs[2]!.held.length).toBe(20);
    expect(diffs[3]!.held.length).toBe(20);
    expect([...diffs[4]!.leaves]).toEqual(members.slice(0, 20));
  });

  it('releases held leaves at once when the change is accepted', () => {
    const rules = resolveTruthRules();
    const [, , held] = runScans([observe(members), observe(survivors), observe(survivors)], rules);
    expect(held!.held.length).toBe(20);
    const accepted = diffMembership(held!.next, observe(survivors), {
      ...rules,
      acceptMassChange: true,
    });
    expect(accepted.leaves.length).toBe(20);
    expect(accepted.next.ids.length).toBe(80);
  });

  it('trips on an empty scan after a non-empty snapshot, whatever the threshold', () => {
    const [, empty, again] = runScans([observe([1, 2, 3]), observe([]), observe([])], looseRules);
    expect(empty!.breaker.reason).toBe('empty-scan');
    expect(again!.leaves.length).toBe(0);
    expect(again!.held.length).toBe(3);
  });

  it('lets normal churn through below the threshold', () => {
    const few = members.slice(10); // 10%
    const diffs = runScans([observe(members), observe(few), observe(few)], resolveTruthRules());
    expect(diffs[2]!.breaker.tripped).toBe(false);
    expect(diffs[2]!.leaves.length).toBe(10);
  });
});

describe('unstable scans', () => {
  it('count absences inside a page but not in the seams between pages', () => {
    const start = observe([10, 20, 30, 40, 50, 60]);
    // Pages were [10, 30] and [50, 60]: 20 vanished inside page 1, 40 sits in the seam (30, 50).
    const unstable = observe([10, 30, 50, 60], { stable: false, seams: [30, 50] });
    const diffs = runScans([start, unstable, unstable], looseRules);
    expect([...diffs[2]!.leaves]).toEqual([20]);
    expect([...diffs[2]!.pending]).toEqual([40]);
    expect(diffs[2]!.next.missing[diffs[2]!.next.ids.indexOf(40)]).toBe(0);
  });

  it('still reports content changes and joins', () => {
    const start = observe([1, 2]);
    const changed = {
      ...observe([1, 2, 3], { stable: false }),
      hashes: Int32Array.from([1, 99, 3]),
    };
    const [, diff] = runScans([start, changed], looseRules);
    expect([...diff!.joins]).toEqual([3]);
    expect([...diff!.hashChanged]).toEqual([2]);
  });
});

describe('resolveTruthRules', () => {
  it('rejects rules that cannot work', () => {
    expect(() => resolveTruthRules({ confirmScans: 0 })).toThrow(/confirmScans/);
    expect(() => resolveTruthRules({ maxLeaveFraction: 1.5 })).toThrow(/maxLeaveFraction/);
    expect(() => resolveTruthRules({ breakerConfirmScans: -1 })).toThrow(/breakerConfirmScans/);
    expect(resolveTruthRules({ confirmScans: undefined }).confirmScans).toBe(2);
  });
});
