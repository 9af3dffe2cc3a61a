/** Retry policy for 5xx, network errors, timeouts and invalid JSON (and the 429 budget). */
export interface RetryConfig {
  /** Retries after the first attempt for 5xx / network / timeout / invalid JSON. Default 5. */
  retries?: number;
  /** Retries of the same page after a 429, each after the advised wait. Default 10. */
  rateLimitRetries?: number;
  /** First backoff ceiling; doubles per attempt. Default 500 ms. */
  baseDelayMs?: number;
  /** Upper bound of one backoff. Default 30 s. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` waited out. A 429 asking for more fails at once with
   * `DOOKI_ERR_RATE_LIMITED` naming the server's value. Default 5 minutes.
   */
  maxRetryAfterMs?: number;
  /** Source of randomness for jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
}

export type ResolvedRetryConfig = Required<RetryConfig>;

export const DEFAULT_RETRY: ResolvedRetryConfig = {
  retries: 5,
  rateLimitRetries: 10,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
  random: Math.random,
};

/**
 * Exponential backoff with full jitter: a uniform delay in
 * `[0, min(maxDelayMs, baseDelayMs × 2^(attempt-1)))`. Full jitter spreads the retries of
 * many clients that failed together, which a fixed doubling would keep in lockstep.
 *
 * @example
 * ```ts
 * backoffDelay(3, { ...DEFAULT_RETRY, baseDelayMs: 100 }); // a whole number of ms in [0, 400)
 * ```
 *
 * @param attempt the retry about to happen, from 1.
 */
export function backoffDelay(attempt: number, config: ResolvedRetryConfig): number {
  const ceiling = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(config.random() * ceiling);
}

/**
 * Parses `Retry-After`, either delta-seconds or an HTTP date, into milliseconds from `now`.
 * Returns undefined when absent or unreadable (the caller then waits out the window).
 *
 * @example
 * ```ts
 * parseRetryAfter('2'); // 2000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT'); // ms until then, or 0 if past
 * ```
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only an HTTP-date (it names a weekday and month); Date.parse also accepts e.g. "-1".
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Adds up to `fraction` of `delayMs` at random, so clients released together do not collide. */
export function withJitter(delayMs: number, random: () => number, fraction = 0.1): number {
  return Math.round(delayMs + delayMs * fraction * random());
}
