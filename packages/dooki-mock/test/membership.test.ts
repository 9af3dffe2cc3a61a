import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Membership } from '../src/membership.js';

describe('Membership (range + deltas)', () => {
  it('matches a plain Set model under any sequence of adds and removes', () => {
    const op = fc.record({
      add: fc.boolean(),
      ids: fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 40 }),
        fc.array(op, { maxLength: 15 }),
        (start, size, ops) => {
          const members = new Membership(start, size);
          const model = new Set(Array.from({ length: size }, (_, i) => start + i));
          for (const { add, ids } of ops) {
            const changed = add ? members.add(ids) : members.remove(ids);
            const expected = [...new Set(ids)]
              .filter((id) => model.has(id) !== add)
              .sort((a, b) => a - b);
            expect(changed).toEqual(expected);
            for (const id of ids) {
              if (add) model.add(id);
              else model.delete(id);
            }
          }
          const sorted = [...model].sort((a, b) => a - b);
          expect(members.count).toBe(sorted.length);
          expect(members.toArray()).toEqual(sorted);
          for (let k = 0; k < sorted.length; k += 3) {
            expect(members.at(k)).toBe(sorted[k]);
            expect(members.slice(k, 4)).toEqual(sorted.slice(k, k + 4));
          }
          expect(members.at(sorted.length)).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds far members of a 5,000,000 range without materialising it', () => {
    const members = new Membership(1, 5_000_000);
    members.remove([10, 4_999_990]);
    members.add([6_000_000]);
    expect(members.count).toBe(5_000_000 - 2 + 1);
    expect(members.slice(4_999_985, 5)).toEqual([
      4_999_987, 4_999_988, 4_999_989, 4_999_991, 4_999_992,
    ]);
    expect(members.at(members.count - 1)).toBe(6_000_000);
    expect(members.at(9)).toBe(11);
  });
});
