import type { RateLimitOptions, RateWindow, RouteName } from './types.js';

export const DEFAULT_RATE_LIMIT: Required<RateLimitOptions> = {
  limit: 60,
  windowMs: 60_000,
  headers: true,
  retryAfter: true,
  windowHistory: 10,
};

/** Outcome of counting one request against its window. */
export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

/** What a request is counted under: its route and credential (the token itself stays inside). */
export interface RateKey {
  route: RouteName | 'unknown';
  token: string | undefined;
  /** How the request log names the credential, recorded with each window instead of the token. */
  credential: RateWindow['credential'];
}

/** One window as counted (the store's alias is added by the control that reports it). */
type WindowRecord = Omit<RateWindow, 'alias'>;

/**
 * Fixed-window limiter keyed by (route, credential), on the real clock. A rejected request does not
 * consume quota, so `Remaining` stays at 0 until the window rolls over. The last `windowHistory`
 * windows of every key are kept with their allowed and refused counts, so a test or bench can
 * judge each window's demand against the quota (allowed alone can never exceed it).
 */
export class RateLimiter {
  private options: Required<RateLimitOptions> | false;
  /** The open window of each key, counted in place (it is also the last of its history). */
  private readonly open = new Map<string, WindowRecord>();
  /** Per key, its last `windowHistory` windows, oldest first. */
  private readonly history = new Map<string, WindowRecord[]>();

  constructor(options: RateLimitOptions | false | undefined) {
    this.options = normalise(options);
  }

  /** New options start new windows; the records kept so far stay, trimmed to the new length. */
  configure(options: RateLimitOptions | false): void {
    this.options = normalise(options);
    this.open.clear();
    const keep = this.options === false ? 0 : this.options.windowHistory;
    for (const records of this.history.values()) records.splice(0, records.length - keep);
  }

  take(key: RateKey, now = Date.now()): RateDecision {
    const options = this.options;
    if (!options) return { allowed: true, headers: {} };
    const window = this.windowAt(key, options, now);
    const allowed = window.allowed < options.limit;
    if (allowed) window.allowed++;
    else window.refused++;
    const headers: Record<string, string> = {};
    if (options.headers) {
      headers['X-RateLimit-Limit'] = String(options.limit);
      headers['X-RateLimit-Remaining'] = String(options.limit - window.allowed);
    }
    if (!allowed && options.retryAfter) {
      const waitMs = window.startedAt + options.windowMs - now;
      headers['Retry-After'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
    }
    return { allowed, headers };
  }

  /** Copies of the kept windows, oldest first per key (the open ones with their counts so far). */
  windows(): WindowRecord[] {
    return [...this.history.values()].flatMap((records) => records.map((r) => ({ ...r })));
  }

  /** The key's window for a request at `now`: the open one, or a new one that joins the history. */
  private windowAt(key: RateKey, options: Required<RateLimitOptions>, now: number): WindowRecord {
    const id = `${key.route}\u0000${key.token ?? ''}`;
    const open = this.open.get(id);
    if (open !== undefined && now - open.startedAt < options.windowMs) return open;
    const window: WindowRecord = {
      route: key.route,
      credential: key.credential,
      startedAt: now,
      limit: options.limit,
      windowMs: options.windowMs,
      allowed: 0,
      refused: 0,
    };
    this.open.set(id, window);
    if (options.windowHistory > 0) {
      const records = this.history.get(id) ?? [];
      records.push(window);
      if (records.length > options.windowHistory) records.shift();
      this.history.set(id, records);
    }
    return window;
  }
}

function normalise(
  options: RateLimitOptions | false | undefined,
): Required<RateLimitOptions> | false {
  if (options === false) return false;
  const merged = { ...DEFAULT_RATE_LIMIT, ...options };
  if (!Number.isInteger(merged.limit) || merged.limit < 1) {
    throw new RangeError(`rateLimit.limit must be an integer >= 1, got ${merged.limit}`);
  }
  if (!Number.isFinite(merged.windowMs) || merged.windowMs <= 0) {
    throw new RangeError(`rateLimit.windowMs must be > 0, got ${merged.windowMs}`);
  }
  if (!Number.isInteger(merged.windowHistory) || merged.windowHistory < 0) {
    throw new RangeError(
      `rateLimit.windowHistory must be an integer >= 0, got ${merged.windowHistory}`,
    );
  }
  return merged;
}
