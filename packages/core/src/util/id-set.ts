/**
 * A set of customer ids for de-duplication within one scan. Ids are dense integers, so
 * they are kept as 32-bit words in a Map (≈1 entry per 32 ids) rather than one Set entry
 * each: a 5-million-member scan costs a few MB instead of a few hundred.
 */
export class IdSet {
  private readonly words = new Map<number, number>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `id`; returns false when it was already present. */
  add(id: number): boolean {
    const key = Math.floor(id / 32);
    const bit = 1 << (id - key * 32);
    const word = this.words.get(key) ?? 0;
    if ((word & bit) !== 0) return false;
    this.words.set(key, word | bit);
    this.count += 1;
    return true;
  }
}
