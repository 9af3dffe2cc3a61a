import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDookiError } from '../errors/dooki-error.js';
import { RateLimiter, type RateLimitDemand, type RateLimitObservation } from './rate-limiter.js';
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
  demand?: RateLimitDemand,
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
      // The one being planned, and what comes after it.
      if (demand !== undefined) demand.later = total - sent - 1;
      const { delayMs } = limiter.plan(now);
      if (delayMs <= 0) {
        now += stallsMs[sent % stallsMs.length]!;
        const ticket = limiter.grant(now, demand);
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
  if (demand !== undefined) demand.ended = true;
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

  it('does not spread the final window when all that is still wanted fits in the budget', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (limit, windows, spare, concurrency, headers) => {
          // The last window's requests use up to all of its budget (the spacing's worst case).
          const total = windows * limit - spare;
          const windowMs = 6_000;
          const latencyMs = 1;
          const server = new FixedWindowServer(limit, windowMs, headers);
          const limiter = new RateLimiter({ limit, windowMs }, true, () => 0);
          const demand: RateLimitDemand = { later: Infinity, ended: false };
          const elapsed = simulate(limiter, server, total, concurrency, latencyMs, [0], demand);
          expect(server.refused).toBe(0);
          // Whole windows plus the transfer time of the last one's requests: no pacing on top.
          // Spread at the average pace, the last 10% of it would add (10% - 1) x windowMs / limit.
          const perWindow = windowMs * 1.005 + 2 + 2 * latencyMs;
          expect(elapsed).toBeLessThanOrEqual((windows - 1) * perWindow + limit * latencyMs + 1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps spreading the last of the budget when the demand is unknown, larger, or contended', () => {
    const lowOnBudget = (demand?: RateLimitDemand): RateLimiter => {
      const limiter = new RateLimiter({ limit: 20, windowMs: 1_000 }, true);
      limiter.release(limiter.grant(0, demand), { status: 200, limit: 20, remaining: 2 }, 0);
      return limiter;
    };
    // Declared and fitting: 1 asked now + 1 later <= 2 left.
    expect(lowOnBudget({ later: 1, ended: false }).plan(0).delayMs).toBe(0);
    // More wanted than is left: spread as before.
    expect(lowOnBudget({ later: 2, ended: false }).plan(0)).toEqual({
      delayMs: 50,
      reason: 'pacing',
    });
    // Total not known yet.
    expect(lowOnBudget({ later: Infinity, ended: false }).plan(0).delayMs).toBe(50);
    // A request of this window declared nothing: its user may want more.
    expect(lowOnBudget().plan(0).delayMs).toBe(50);
    // Two users of the quota: their demands add up.
    const shared = lowOnBudget({ later: 1, ended: false });
    shared.release(shared.grant(0, { later: 1, ended: false }), null, 0);
    expect(shared.plan(0).delayMs).toBe(50);

    // The headers count requests this process never sent: another sender shares the credential.
    const demand: RateLimitDemand = { later: 1, ended: false };
    const contended = new RateLimiter({ limit: 20, windowMs: 1_000 }, true);
    contended.release(contended.grant(0, demand), { status: 200, limit: 20, remaining: 10 }, 0);
    contended.release(contended.grant(1, demand), { status: 200, limit: 20, remaining: 2 }, 1);
    expect(contended.plan(1)).toEqual({ delayMs: 50, reason: 'pacing' });
    // ... and it stays careful in later windows.
    expect(contended.plan(2_000).delayMs).toBe(0);
    contended.release(
      contended.grant(2_000, demand),
      { status: 200, limit: 20, remaining: 1 },
      2_000,
    );
    expect(contended.plan(2_000).delayMs).toBeGreaterThan(0);
  });

  it('forgets a user that ended', () => {
    const limiter = new RateLimiter({ limit: 3, windowMs: 1_000 }, true);
    const ended: RateLimitDemand = { later: 50, ended: false };
    const active: RateLimitDemand = { later: 0, ended: false };
    limiter.release(limiter.grant(0, ended), { status: 200, limit: 3, remaining: 2 }, 0);
    limiter.release(limiter.grant(0, active), { status: 200, limit: 3, remaining: 1 }, 0);
    expect(limiter.plan(0).delayMs).toBeGreaterThan(0); // its 50 still count
    ended.ended = true;
    expect(limiter.plan(0).delayMs).toBe(0);
  });

  it('holds no demand of past windows, nor any when pacing is off', () => {
    const tracked = (limiter: RateLimiter): number =>
      (limiter as unknown as { demands: Map<RateLimitDemand, number> }).demands.size;
    const limiter = new RateLimiter({ limit: 60, windowMs: 1_000 }, true);
    // Many short scans that never bring the budget low: each one's demand is dropped later.
    for (let scan = 0; scan < 50; scan += 1) {
      const demand: RateLimitDemand = { later: 0, ended: false };
      const at = scan * 500;
      expect(limiter.plan(at).delayMs).toBe(0);
      limiter.release(limiter.grant(at, demand), { status: 200, limit: 60, remaining: 59 }, at);
      demand.ended = true;
    }
    expect(tracked(limiter)).toBeLessThanOrEqual(3);
    const unpaced = new RateLimiter({ limit: 60, windowMs: 1_000 }, false);
    unpaced.release(unpaced.grant(0, { later: 5, ended: false }), null, 0);
    expect(tracked(unpaced)).toBe(0);
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
