import { countAtMost, difference, includes, lowerBound, sortedUnique, union } from './sorted.js';

/**
 * The member set of one cluster: a contiguous base id range minus `removed`, plus `added`.
 * Only the deltas take memory, so a 5,000,000-member cluster costs a few numbers until it churns.
 * Invariants: `removed` ⊆ base range; `added` ∩ base range = ∅; both ascending and distinct.
 */
export class Membership {
  private removed: number[] = [];
  private added: number[] = [];
  private readonly baseEnd: number;

  constructor(
    private readonly baseStart: number,
    baseSize: number,
  ) {
    this.baseEnd = baseStart + baseSize - 1;
  }

  get count(): number {
    return this.baseEnd - this.baseStart + 1 - this.removed.length + this.added.length;
  }

  private inBase(id: number): boolean {
    return id >= this.baseStart && id <= this.baseEnd;
  }

  has(id: number): boolean {
    return this.inBase(id) ? !includes(this.removed, id) : includes(this.added, id);
  }

  /** Members <= value. */
  private rank(value: number): number {
    const top = Math.min(value, this.baseEnd);
    const base =
      top < this.baseStart ? 0 : top - this.baseStart + 1 - countAtMost(this.removed, top);
    return base + countAtMost(this.added, value);
  }

  /** The k-th smallest member (0-based), in O(log(id range) · log(deltas)). */
  at(k: number): number | undefined {
    if (k < 0 || k >= this.count) return undefined;
    let lo = Math.min(this.baseStart, this.added[0] ?? Infinity);
    let hi = Math.max(this.baseEnd, this.added[this.added.length - 1] ?? -Infinity);
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.rank(mid) >= k + 1) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Up to `limit` members starting at the `offset`-th, ascending. */
  slice(offset: number, limit: number): number[] {
    const out: number[] = [];
    const first = this.at(offset);
    if (first === undefined) return out;
    let next = Math.max(first, this.baseStart);
    let ri = lowerBound(this.removed, next);
    let ai = lowerBound(this.added, first);
    while (out.length < limit) {
      while (next <= this.baseEnd && this.removed[ri] === next) {
        next++;
        ri++;
      }
      const fromBase = next <= this.baseEnd ? next : Infinity;
      const fromAdded = this.added[ai] ?? Infinity;
      if (fromBase === Infinity && fromAdded === Infinity) break;
      if (fromBase < fromAdded) {
        out.push(fromBase);
        next++;
      } else {
        out.push(fromAdded);
        ai++;
      }
    }
    return out;
  }

  /** Every member, ascending (materialised on demand). */
  toArray(): number[] {
    return this.slice(0, this.count);
  }

  /** Adds ids; returns those that were not members before, ascending. */
  add(ids: Iterable<number>): number[] {
    const fresh = sortedUnique(ids).filter((id) => !this.has(id));
    const [base, outside] = this.split(fresh);
    this.removed = difference(this.removed, base);
    this.added = union(this.added, outside);
    return fresh;
  }

  /** Removes ids; returns those that were members, ascending. */
  remove(ids: Iterable<number>): number[] {
    const present = sortedUnique(ids).filter((id) => this.has(id));
    const [base, outside] = this.split(present);
    this.removed = union(this.removed, base);
    this.added = difference(this.added, outside);
    return present;
  }

  private split(ids: readonly number[]): [base: number[], outside: number[]] {
    const base: number[] = [];
    const outside: number[] = [];
    for (const id of ids) (this.inBase(id) ? base : outside).push(id);
    return [base, outside];
  }

  /** Largest id this membership has ever covered (for allocating fresh ids). */
  get maxId(): number {
    return Math.max(this.baseEnd, this.added[this.added.length - 1] ?? 0);
  }
}
