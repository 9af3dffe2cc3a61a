import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  diffMembership,
  EMPTY_SNAPSHOT,
  idsObservation,
  resolveTruthRules,
  type MemberSnapshot,
  type MembershipDiff,
  type ScanObservation,
  type TruthRules,
} from './index.js';

/** A stable observation of exactly `ids` (hash = id, so content never changes). */
function observe(
  ids: Iterable<number>,
  options: { stable?: boolean; seams?: number[] } = {},
): ScanObservation {
  const scan = idsObservation(ids, options);
  return { ...scan, hashes: Int32Array.from(scan.ids, (id) => id | 0) };
}

interface Step {
  previous: MemberSnapshot;
  scan: ScanObservation;
  diff: MembershipDiff;
}

/** Runs scans in order from an empty snapshot, each against the snapshot the last one left. */
function steps(scans: ScanObservation[], rules: TruthRules): Step[] {
  let previous: MemberSnapshot = EMPTY_SNAPSHOT;
  return scans.map((scan) => {
    const step = { previous, scan, diff: diffMembership(previous, scan, rules) };
    previous = step.diff.next;
    return step;
  });
}

const runScans = (scans: ScanObservation[], rules: TruthRules): MembershipDiff[] =>
  steps(scans, rules).map(({ diff }) => diff);

const sorted = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);

/** `set ∪ joins − leaves`, ascending. */
function applyChanges(ids: Iterable<number>, joins: Iterable<number>, leaves: Iterable<number>) {
  const set = new Set(ids);
  for (const id of joins) set.add(id);
  for (const id of leaves) set.delete(id);
  return sorted(set);
}

/** Written independently of `absenceCounter`: does this scan's absence of `id` count? */
function absenceCounts(scan: ScanObservation, id: number): boolean {
  if (scan.stable) return true;
  for (let k = 0; k + 1 < scan.seams.length; k += 2) {
    if (scan.seams[k]! < id && id < scan.seams[k + 1]!) return false;
  }
  return true;
}

const idSet = fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 120 });
const seamList = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 60 })), {
    maxLength: 4,
  })
  .map((pairs) => pairs.flatMap(([lo, width]) => [lo, lo + width]));
const scanArb = fc
  .record({ ids: idSet, stable: fc.boolean(), seams: seamList })
  .map(({ ids, stable, seams }) => observe(ids, { stable, seams }));
const rulesArb = fc
  .record({
    confirmScans: fc.integer({ min: 1, max: 3 }),
    maxLeaveFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    breakerConfirmScans: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(Infinity)),
    acceptMassChange: fc.boolean(),
  })
  .map((rules) => resolveTruthRules(rules));
const historyArb = fc.array(scanArb, { minLength: 1, maxLength: 8 });
const looseRules = resolveTruthRules({ maxLeaveFraction: 1 });

describe('diffMembership properties', () => {
  it('emitted joins and leaves always turn the old snapshot into the new one', () => {
    fc.assert(
      fc.property(historyArb, rulesArb, (scans, rules) => {
        let before: number[] = [];
        for (const diff of runScans(scans, rules)) {
          expect([...diff.next.ids]).toEqual(applyChanges(before, diff.joins, diff.leaves));
          before = [...diff.next.ids];
        }
      }),
    );
  });

  it('no join without presence: joins are exactly the scanned ids the snapshot did not hold', () => {
    fc.assert(
      fc.property(historyArb, rulesArb, (scans, rules) => {
        for (const { previous, scan, diff } of steps(scans, rules)) {
          const known = new Set(previous.ids);
          expect([...diff.joins]).toEqual(sorted([...scan.ids].filter((id) => !known.has(id))));
        }
      }),
    );
  });

  it('no leave without confirmed absence: confirmScans counted absences since the last sighting', () => {
    fc.assert(
      fc.property(historyArb, rulesArb, (scans, rules) => {
        const countedAbsences = new Map<number, number>();
        for (const { previous, scan, diff } of steps(scans, rules)) {
          const seen = new Set(scan.ids);
          for (const id of previous.ids) {
            if (seen.has(id)) countedAbsences.set(id, 0);
            else if (absenceCounts(scan, id))
              countedAbsences.set(id, (countedAbsences.get(id) ?? 0) + 1);
          }
          for (const id of diff.leaves) {
            expect(seen.has(id)).toBe(false);
            expect(countedAbsences.get(id)).toBeGreaterThanOrEqual(rules.confirmScans);
            countedAbsences.delete(id);
          }
          for (const id of scan.ids) if (!countedAbsences.has(id)) countedAbsences.set(id, 0);
        }
      }),
    );
  });

  it('every absent member is exactly one of leaves, held or pending', () => {
    fc.assert(
      fc.property(historyArb, rulesArb, (scans, rules) => {
        for (const { previous, scan, diff } of steps(scans, rules)) {
          const seen = new Set(scan.ids);
          const absent = [...previous.ids].filter((id) => !seen.has(id));
          expect(sorted([...diff.leaves, ...diff.held, ...diff.pending])).toEqual(absent);
        }
      }),
    );
  });

  it('the breaker holds every leave when more than maxLeaveFraction of the cluster is absent', () => {
    fc.assert(
      fc.property(
        historyArb,
        rulesArb.map((rules) => ({ ...rules, breakerConfirmScans: Infinity })),
        (scans, rules) => {
          for (const { previous, scan, diff } of steps(scans, rules)) {
            const seen = new Set(scan.ids);
            const absent = [...previous.ids].filter(
              (id) => !seen.has(id) && absenceCounts(scan, id),
            ).length;
            const size = previous.ids.length;
            const massive =
              size > 0 && (scan.ids.length === 0 || absent / size > rules.maxLeaveFraction);
            expect(diff.breaker.tripped).toBe(massive);
            expect(diff.breaker.absent).toBe(absent);
            if (massive && !rules.acceptMassChange) expect([...diff.leaves]).toEqual([]);
          }
        },
      ),
    );
  });

  it('a held leave stays in the snapshot and is released after breakerConfirmScans more absences', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 2, max: 30 }),
        (confirmScans, breakerConfirmScans, size) => {
          const rules = resolveTruthRules({
            confirmScans,
            breakerConfirmScans,
            maxLeaveFraction: 0,
          });
          const members = Array.from({ length: size }, (_, i) => i + 1);
          const rest = members.slice(1);
          const repeats = confirmScans + breakerConfirmScans;
          const diffs = runScans(
            [observe(members), ...Array.from({ length: repeats }, () => observe(rest))],
            rules,
          );
          diffs.slice(0, -1).forEach((diff) => expect(diff.next.ids).toContain(1));
          expect(diffs.flatMap((diff) => [...diff.leaves])).toEqual([1]);
          expect([...diffs[diffs.length - 1]!.leaves]).toEqual([1]);
        },
      ),
    );
  });

  it('re-applying the same observation settles: afterwards it changes nothing and emits nothing', () => {
    fc.assert(
      fc.property(historyArb, scanArb, rulesArb, (history, scan, rules) => {
        const finite = { ...rules, breakerConfirmScans: Math.min(rules.breakerConfirmScans, 3) };
        const settle = finite.confirmScans + finite.breakerConfirmScans;
        const diffs = runScans([...history, ...Array.from({ length: settle }, () => scan)], finite);
        const settled = diffs[diffs.length - 1]!;
        const again = diffMembership(settled.next, scan, finite);
        expect([...again.joins, ...again.leaves, ...again.missingChanged]).toEqual([]);
        expect(again.next).toEqual(settled.next);
        // Once settled, only absences that cannot count (seams of an unstable scan) remain.
        const waiting = [...again.pending, ...again.held];
        expect(waiting.every((id) => !absenceCounts(scan, id))).toBe(true);
      }),
    );
  });

  it('never announces the same id twice in a row: joins and leaves alternate per id', () => {
    fc.assert(
      fc.property(historyArb, rulesArb, (scans, rules) => {
        const last = new Map<number, 'join' | 'leave'>();
        for (const diff of runScans(scans, rules)) {
          for (const id of diff.joins) {
            expect(last.get(id)).not.toBe('join');
            last.set(id, 'join');
          }
          for (const id of diff.leaves) {
            expect(last.get(id)).toBe('join');
            last.set(id, 'leave');
          }
        }
      }),
    );
  });

  it('is pure: the same inputs give the same diff and are left untouched', () => {
    fc.assert(
      fc.property(historyArb, scanArb, rulesArb, (history, scan, rules) => {
        const diffs = runScans(history, rules);
        const snapshot = diffs[diffs.length - 1]!.next;
        const before = structuredClone({ snapshot, scan });
        const first = diffMembership(snapshot, scan, rules);
        expect(diffMembership(snapshot, scan, rules)).toEqual(first);
        expect({ snapshot, scan }).toEqual(before);
      }),
    );
  });
});

describe('diffMembership examples', () => {
  it('needs two consecutive absences for a leave and one sighting for a join', () => {
    const [, second, third] = runScans(
      [observe([1, 2, 3]), observe([1, 2, 4]), observe([1, 2, 4])],
      looseRules,
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

  it('with breakerConfirmScans Infinity, holds until the change is accepted', () => {
    const rules = resolveTruthRules({ breakerConfirmScans: Infinity });
    const diffs = runScans(
      [observe(members), ...Array.from({ length: 10 }, () => observe(survivors))],
      rules,
    );
    expect(diffs.flatMap((d) => [...d.leaves])).toEqual([]);
    const last = diffs[diffs.length - 1]!;
    expect(last.held.length).toBe(20);
    const accepted = diffMembership(last.next, observe(survivors), {
      ...rules,
      acceptMassChange: true,
    });
    expect([...accepted.leaves]).toEqual(members.slice(0, 20));
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

describe('idsObservation', () => {
  it('sorts and de-duplicates ids, with zero hashes', () => {
    const scan = idsObservation([5, 1, 5, 3]);
    expect([...scan.ids]).toEqual([1, 3, 5]);
    expect([...scan.hashes]).toEqual([0, 0, 0]);
    expect(scan.stable).toBe(true);
  });
});

describe('resolveTruthRules', () => {
  it('rejects rules that cannot work', () => {
    expect(() => resolveTruthRules({ confirmScans: 0 })).toThrow(/confirmScans/);
    expect(() => resolveTruthRules({ maxLeaveFraction: 1.5 })).toThrow(/maxLeaveFraction/);
    expect(() => resolveTruthRules({ breakerConfirmScans: -1 })).toThrow(/breakerConfirmScans/);
    expect(() => resolveTruthRules({ breakerConfirmScans: 1.5 })).toThrow(/breakerConfirmScans/);
    expect(resolveTruthRules({ breakerConfirmScans: Infinity }).breakerConfirmScans).toBe(Infinity);
    expect(resolveTruthRules({ confirmScans: undefined }).confirmScans).toBe(2);
  });
});
