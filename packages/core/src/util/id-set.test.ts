import fc from 'fast-check';
import { expect, it } from 'vitest';
import { IdSet } from './id-set.js';

it('behaves like a Set of integers', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.maxSafeNat())),
      (ids) => {
        const reference = new Set<number>();
        const set = new IdSet();
        for (const id of ids) {
          expect(set.add(id)).toBe(!reference.has(id));
          reference.add(id);
        }
        expect(set.size).toBe(reference.size);
      },
    ),
  );
});
