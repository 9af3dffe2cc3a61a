import type { Body } from './send.js';

/**
 * The API's 30-minute GET cache: bodies keyed by URL and credential, on a clock that tests can
 * advance. Bounded by total body size so a long-running server cannot grow without limit.
 */
export class ResponseCache {
  private readonly entries = new Map<string, { body: Body; storedAt: number }>();
  private bytes = 0;
  private clockOffsetMs = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxBytes: number,
  ) {}

  /** Virtual now: real time plus every `advanceClock`. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advanceClock(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advanceClock: ms must be >= 0, got ${ms}`);
    this.clockOffsetMs += ms;
  }

  get(key: string): Body | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt >= this.ttlMs) {
      this.drop(key, entry.body);
      return undefined;
    }
    return entry.body;
  }

  set(key: string, body: Body): void {
    if (this.ttlMs <= 0 || body.length > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.drop(key, old.body);
    this.entries.set(key, { body, storedAt: this.now() });
    this.bytes += body.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest, entry.body);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private drop(key: string, body: Body): void {
    this.entries.delete(key);
    this.bytes -= body.length;
  }
}
