import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDookiError } from '../errors/dooki-error.js';
import { RateLimiter, type RateLimitObservation } from './rate-limiter.js';
import { timerClock } from '../clock/timer-clock.js';
import { trackTimers } from '../../test/helpers.js';

/** A fixed-window server like the API's: the window opens with its first request; refusals do not count. */
class FixedWindowServer {
  private startedAt = -Infinity;
  private used = 0;
  refused = 0;
  /** Requests served by each window that has closed. */
  readonly windowsUsed: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly headers: boolean,
  ) {}

  handle(at: number): RateLimitObservation {
    if (at - this.startedAt >= this.windowMs) {
      if (this.startedAt !== -Infinity) this.windowsUsed.push(this.used);
      this.startedAt = at;
      this.used = 0;
    }
    const allowed = this.used < this.limit;
    if (allowed) this.used += 1;
    else this.refused += 1;
    const remaining = this.headers ? this.limit - this.used : null;
    const blockForMs = allowed ? undefined : this.startedAt + this.windowMs - at;
    return {
      status: allowed ? 200 : 429,
      limit: this.headers ? this.limit : null,
      remaining,
      ...(blockForMs === undefined ? {} : { blockForMs }),
    };
  }
}

/**
 * Runs `total` requests through the limiter on a virtual clock, `concurrency` at a time.
 * `stallsMs` (cycled) delays each send after the limiter allowed it, like a busy event loop.
 */
function simulate(
  limiter: RateLimiter,
  server: FixedWindowServer,
  total: number,
  concurrency: number,
  latencyMs: number,
  stallsMs: number[] = [0],
) {
  let now = 0;
  let done = 0;
  let sent = 0;
  const inFlight: {
    receiveAt: number;
    ticket: ReturnType<RateLimiter['grant']>;
    observed: RateLimitObservation;
  }[] = [];
  while (done < total) {
    let nextAt = Infinity;
    if (sent < total && inFlight.length < concurrency) {
      const { delayMs } = limiter.plan(now);
      if (delayMs <= 0) {
        now += stallsMs[sent % stallsMs.length]!;
        const ticket = limiter.grant(now);
        const observed = server.handle(now + latencyMs / 2);
        inFlight.push({ receiveAt: now + latencyMs, ticket, observed });
        sent += 1;
        continue;
      }
      nextAt = now + delayMs;
    }
    inFlight.sort((a, b) => a.receiveAt - b.receiveAt);
    const first = inFlight[0];
    if (first !== undefined && first.receiveAt <= nextAt) {
      inFlight.shift();
      now = Math.max(now, first.receiveAt);
      limiter.release(first.ticket, first.observed, now);
      if (first.observed.status === 429)
        sent -= 1; // the same request is retried
      else done += 1;
    } else {
      now = nextAt;
    }
  }
  return now;
}

describe('RateLimiter pacing', () => {
  it('never triggers a 429 from a fixed-window server and wastes little time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 100, max: 5_000 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (limit, windowMs, latencyMs, total, concurrency, headers) => {
          const server = new FixedWindowServer(limit, windowMs, headers);
          const clock = { now: 0 };
          const limiter = new RateLimiter({ limit, windowMs }, true, () => clock.now);
          const elapsed = simulate(limiter, server, total, concurrency, latencyMs);
          expect(server.refused).toBe(0);
          const windows = Math.ceil(total / limit);
          const perWindow = windowMs * 1.005 + 2 + 2 * latencyMs;
          expect(elapsed).toBeLessThanOrEqual(windows * perWindow + total * latencyMs);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('uses every slot of every window when the event loop stalls (up to 5% of the window)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 30 }),
        fc.integer({ min: 200, max: 2_000 }),
        fc.nat(),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (limit, windowMs, position, fraction) => {
          // One stall per window's worth of requests, at any position (the last is the risky one).
          const stallAt = position % limit;
          const stalls = Array.from({ length: limit }, (_, i) =>
            i === stallAt ? fraction * windowMs : 0,
          );
          const server = new FixedWindowServer(limit, windowMs, true);
          const limiter = new RateLimiter({ limit, windowMs }, true, () => 0);
          simulate(limiter, server, limit * 4, 2, 2, stalls);
          expect(server.refused).toBe(0);
          // No slot is lost to a request that slipped into the next window.
          expect(server.windowsUsed).toEqual([limit, limit, limit]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('learns a smaller real quota from the headers', () => {
    const server = new FixedWindowServer(5, 1_000, true);
    const limiter = new RateLimiter({ limit: 60, windowMs: 1_000 }, true, () => 0);
    simulate(limiter, server, 40, 1, 2);
    expect(server.refused).toBe(0);
  });

  it('does not pace when pacing is off, but honours a 429 block', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1_000 }, false);
    const ticket = limiter.grant(0);
    limiter.release(ticket, { status: 200, limit: 1, remaining: 0 }, 1);
    expect(limiter.plan(2).delayMs).toBe(0);
    limiter.release(limiter.grant(2), { status: 429, limit: 1, remaining: 0, blockForMs: 700 }, 3);
    expect(limiter.plan(3)).toEqual({ delayMs: 700, reason: 'retry-after' });
    expect(limiter.plan(703).delayMs).toBe(0);
  });

  it('spreads the last of the budget over the rest of the window, at most at the average pace', () => {
    const limiter = new RateLimiter({ limit: 20, windowMs: 1_000 }, true);
    limiter.release(limiter.grant(0), { status: 200, limit: 20, remaining: 2 }, 0);
    // 2 left with ~900 ms to go: spread would be 450 ms, the average pace (1000/20) caps it at 50.
    expect(limiter.plan(0)).toEqual({ delayMs: 50, reason: 'pacing' });
    expect(limiter.plan(50).delayMs).toBe(0);
    // Late in the window the spread is the tighter bound: 1 left, 35 ms before the guard (905 ms).
    limiter.release(limiter.grant(870), { status: 200, limit: 20, remaining: 1 }, 870);
    expect(limiter.plan(870)).toEqual({ delayMs: 35, reason: 'pacing' });
  });

  it('rejects an aborted wait at once and leaves no timer behind', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 }, true);
    limiter.release(limiter.grant(Date.now()), { status: 200, limit: 1, remaining: 0 });
    using timers = trackTimers();
    const controller = new AbortController();
    const waiting = limiter.acquire(timerClock, controller.signal);
    expect(await timers.live()).toBe(1);
    controller.abort();
    const error: unknown = await waiting.catch((caught: unknown) => caught);
    expect(isDookiError(error, 'DOOKI_ERR_ABORTED')).toBe(true);
    expect(await timers.live()).toBe(0);
  });
});
