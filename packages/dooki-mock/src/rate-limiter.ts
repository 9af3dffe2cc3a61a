import type { RateLimitOptions } from './types.js';

export const DEFAULT_RATE_LIMIT: Required<RateLimitOptions> = {
  limit: 60,
  windowMs: 60_000,
  headers: true,
  retryAfter: true,
};

/** Outcome of counting one request against its window. */
export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

interface Window {
  startedAt: number;
  used: number;
}

/**
 * Fixed-window limiter keyed by (route, credential), on the real clock. A rejected request does not
 * consume quota, so `Remaining` stays at 0 until the window rolls over.
 */
export class RateLimiter {
  private options: Required<RateLimitOptions> | false;
  private readonly windows = new Map<string, Window>();

  constructor(options: RateLimitOptions | false | undefined) {
    this.options = normalise(options);
  }

  configure(options: RateLimitOptions | false): void {
    this.options = normalise(options);
    this.windows.clear();
  }

  take(key: string, now = Date.now()): RateDecision {
    const options = this.options;
    if (!options) return { allowed: true, headers: {} };
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= options.windowMs) {
      window = { startedAt: now, used: 0 };
      this.windows.set(key, window);
    }
    const allowed = window.used < options.limit;
    if (allowed) window.used++;
    const headers: Record<string, string> = {};
    if (options.headers) {
      headers['X-RateLimit-Limit'] = String(options.limit);
      headers['X-RateLimit-Remaining'] = String(options.limit - window.used);
    }
    if (!allowed && options.retryAfter) {
      const waitMs = window.startedAt + options.windowMs - now;
      headers['Retry-After'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
    }
    return { allowed, headers };
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
  return merged;
}
