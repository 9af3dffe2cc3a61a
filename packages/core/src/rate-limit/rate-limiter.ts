import type { DookiClock } from '../clock/clock.js';
import { abortError, sleep } from '../util/abortable-sleep.js';

/** The quota assumed until the API's `X-RateLimit-*` headers say otherwise. */
export interface RateLimitConfig {
  /** Requests per window. Default 60. */
  limit: number;
  /** Window length; the API does not send it, so it must be known. Default 60 s. */
  windowMs: number;
}

/** Why a request is being held back. */
export type RateLimitWaitReason = 'pacing' | 'window' | 'retry-after';

/** What one response told the limiter. */
export interface RateLimitObservation {
  status: number;
  limit: number | null;
  remaining: number | null;
  /** For a 429: how long to stay away (Retry-After or the window, jitter included). */
  blockForMs?: number;
}

/** A granted slot; give it back with {@link RateLimiter.release}. */
export interface RateLimitTicket {
  readonly sentAt: number;
  /** Send order, so a late answer to an older request is not mistaken for a fresh window. */
  readonly sequence: number;
}

/**
 * What one user of a quota (a scan) says it will still ask for: the requests it will start
 * after the ones now waiting or in flight. The user keeps `later` current and sets `ended`
 * when done. Declared demand lets the limiter skip the end-of-window spacing when everything
 * still wanted fits in what is left of the budget.
 */
export interface RateLimitDemand {
  later: number;
  ended: boolean;
}

/**
 * Paces requests on one (base URL, alias, route, credential) quota.
 *
 * It trusts `X-RateLimit-Remaining` and counts its own in-flight requests against it.
 * The API sends no reset time, so the window is anchored at the first answer received
 * in it (the server opened it no later than that) plus a small safety margin. While
 * plenty of budget is left requests go out at once; once it runs low (10% of the
 * limit) the rest is spread over what remains of the window, at most at the quota's
 * average pace; when it is spent, requests wait for the window to end. A 429 blocks
 * every user of the quota until its wait is over.
 */
export class RateLimiter {
  private limit: number;
  private remaining: number;
  private inFlight = 0;
  private windowEndsAt: number | null = null;
  private anchored = false;
  private openedAt = 0;
  private blockedUntil = 0;
  private lastSentAt = 0;
  private sent = 0;
  private newestObserved = -1;
  /** Requests inside {@link acquire} right now (each one wanted now). */
  private waiting = 0;
  /** Declared demands, with when each was last heard of. */
  private readonly demands = new Map<RateLimitDemand, number>();
  /** A request without declared demand was sent in this window: its user's needs are unknown. */
  private undeclared = false;
  /** The headers once showed requests this process did not send: the credential is shared. */
  private contended = false;
  /** `remaining` was last set from a header in this window (so it can be checked). */
  private heard = false;
  private readonly wakers = new Set<() => void>();
  private readonly marginMs: number;
  private readonly guardMs: number;

  constructor(
    private readonly config: RateLimitConfig,
    private readonly pacing = true,
    private readonly now: () => number = Date.now,
  ) {
    this.limit = config.limit;
    this.remaining = config.limit;
    this.marginMs = Math.max(2, Math.round(config.windowMs * 0.005));
    this.guardMs = Math.max(this.marginMs, Math.round(config.windowMs * 0.1));
  }

  /** How long a request arriving `now` has to wait, and why (0: go). */
  plan(now: number): { delayMs: number; reason: RateLimitWaitReason } {
    if (now < this.blockedUntil) return { delayMs: this.blockedUntil - now, reason: 'retry-after' };
    if (!this.pacing) return { delayMs: 0, reason: 'pacing' };
    if (this.windowEndsAt !== null && now >= this.windowEndsAt) this.openWindow(now);
    const available = this.remaining - this.inFlight;
    if (available <= 0) {
      // With no window open yet, only an answer (which wakes us) can free budget.
      const delayMs = this.windowEndsAt === null ? this.config.windowMs : this.windowEndsAt - now;
      return { delayMs, reason: 'window' };
    }
    const lowWater = Math.max(1, Math.floor(this.limit * 0.1));
    if (available <= lowWater && this.windowEndsAt !== null && !this.allFits(now, available)) {
      // Spread what is left over the rest of the window, the last one a guard interval before
      // its end (a request that slipped past the end would spend a slot of the next window and
      // push the scan back by one), but never slower than the quota's average pace, so the
      // final window of a scan is not stretched out for nothing.
      const horizon = this.windowEndsAt - this.guardMs;
      const spread = Math.max(0, horizon - this.lastSentAt) / available;
      const sendAt = this.lastSentAt + Math.min(spread, this.config.windowMs / this.limit);
      if (sendAt > now) return { delayMs: Math.ceil(sendAt - now), reason: 'pacing' };
    }
    return { delayMs: 0, reason: 'pacing' };
  }

  /**
   * Waits (abortably) until the quota allows one more request, then counts it as in flight.
   * `onWait` hears of each wait once (not again when an answer wakes it to re-plan).
   * `demand`: what the caller will still ask for after this request (see {@link RateLimitDemand}).
   */
  async acquire(
    clock: DookiClock,
    signal: AbortSignal,
    onWait?: (delayMs: number, reason: RateLimitWaitReason) => void,
    demand?: RateLimitDemand,
  ): Promise<RateLimitTicket> {
    let announcedUntil = 0;
    if (demand !== undefined && this.pacing) this.demands.set(demand, this.now());
    this.waiting += 1;
    try {
      for (;;) {
        if (signal.aborted) throw abortError(signal);
        const now = this.now();
        const { delayMs, reason } = this.plan(now);
        if (delayMs <= 0) return this.grant(now, demand);
        if (now + delayMs > announcedUntil + 10) onWait?.(delayMs, reason);
        announcedUntil = Math.max(announcedUntil, now + delayMs);
        await sleep(clock, delayMs, signal, this.wakers);
      }
    } finally {
      this.waiting -= 1;
    }
  }

  /**
   * Whether every request still wanted fits in the `available` budget, so the last of it
   * need not be spread out. Only when all of it is known: each request sent in this window
   * declared its user's demand, and the headers never showed another sender on the credential (whose
   * requests this process cannot count). Spacing never guarded against a 429 (the budget
   * count does that); it shares the end of a window fairly and lets each answer's headers
   * correct the count before the next request, which only matters when demand is unknown.
   */
  private allFits(now: number, available: number): boolean {
    // The request being planned (or all of those waiting) plus what each user will ask later.
    this.forgetQuietUsers(now);
    if (this.undeclared || this.contended || this.demands.size === 0) return false;
    let wanted = Math.max(1, this.waiting);
    for (const demand of this.demands.keys()) wanted += demand.later;
    return wanted <= available;
  }

  /**
   * Drops users that ended, or were quiet for a whole window (abandoned without saying so):
   * one that asks again declares itself anew. Runs at least once a window, so the map stays
   * as small as a window's worth of scans.
   */
  private forgetQuietUsers(now: number): void {
    for (const [demand, seenAt] of this.demands) {
      if (demand.ended || now - seenAt > this.config.windowMs) this.demands.delete(demand);
    }
  }

  /** How long a 429 keeps this quota closed from `now` (0 when it does not). */
  blockedFor(now = this.now()): number {
    return Math.max(0, this.blockedUntil - now);
  }

  /** Counts a request sent at `now` (call only when {@link plan} says 0). */
  grant(now: number, demand?: RateLimitDemand): RateLimitTicket {
    if (demand === undefined) this.undeclared = true;
    else if (this.pacing) this.demands.set(demand, now);
    this.inFlight += 1;
    this.lastSentAt = now;
    if (this.windowEndsAt === null) this.windowEndsAt = now + this.config.windowMs + this.marginMs;
    this.sent += 1;
    return { sentAt: now, sequence: this.sent };
  }

  /** Returns a slot, learning from the response (`null` when none arrived). */
  release(
    ticket: RateLimitTicket,
    observed: RateLimitObservation | null,
    receivedAt = this.now(),
  ): void {
    this.inFlight -= 1;
    if (observed !== null) this.learn(ticket, observed, receivedAt);
    for (const wake of [...this.wakers]) wake();
  }

  private learn(ticket: RateLimitTicket, observed: RateLimitObservation, receivedAt: number): void {
    const sameLimit = observed.limit === this.limit;
    if (observed.limit !== null && observed.limit > 0) this.limit = observed.limit;
    if (observed.status === 429) {
      this.heard = false;
      const until = receivedAt + (observed.blockForMs ?? this.config.windowMs);
      this.blockedUntil = Math.max(this.blockedUntil, until);
      this.remaining = 0;
      this.windowEndsAt = this.blockedUntil;
      this.anchored = true;
      return;
    }
    // An answer to a request sent before the window (re)opened describes the old window.
    if (ticket.sentAt < this.openedAt) return;
    const newest = ticket.sequence > this.newestObserved;
    if (newest) this.newestObserved = ticket.sequence;
    const reopened = newest && observed.remaining !== null && observed.remaining > this.remaining;
    if (!this.anchored || reopened) {
      // The server opened this window no later than this answer arrived.
      this.windowEndsAt = receivedAt + this.config.windowMs + this.marginMs;
      this.anchored = true;
    }
    // Legitimately the server has counted at most this request and the others still in flight
    // since the last answer's count; fewer left means someone else spends this quota.
    if (this.heard && sameLimit && !reopened && observed.remaining !== null) {
      if (observed.remaining < this.remaining - 1 - this.inFlight) this.contended = true;
    }
    this.heard = observed.remaining !== null;
    if (observed.remaining === null) this.remaining -= 1;
    else if (reopened) this.remaining = observed.remaining;
    else this.remaining = Math.min(this.remaining, observed.remaining);
  }

  private openWindow(now: number): void {
    this.forgetQuietUsers(now);
    this.undeclared = false;
    this.heard = false;
    this.remaining = this.limit;
    this.windowEndsAt = null;
    this.anchored = false;
    this.openedAt = now;
  }
}
