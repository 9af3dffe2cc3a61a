/** Growable list of customer ids backed by a Float64Array (ids up to 2^53 stay exact). */
export class IdList {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Float64Array(Math.max(capacity, 16));
  }

  push(id: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = id;
  }

  /** A trimmed copy of the ids pushed so far. */
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }

  /** A view of the ids pushed so far, without copying; valid until the next push. */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** Index of `id` in an ascending array, or -1. */
export function binarySearch(ids: Float64Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = ids[mid]!;
    if (value === id) return mid;
    if (value < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
