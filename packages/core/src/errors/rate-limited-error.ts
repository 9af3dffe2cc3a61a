import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/**
 * HTTP 429, still refused after every rate-limit retry, or asked to wait longer than
 * `retry.maxRetryAfterMs` (then retryable: false). Code `DOOKI_ERR_RATE_LIMITED`.
 */
export class DookiRateLimitedError extends DookiError {
  override name = 'DookiRateLimitedError';
  /** How long the API asked to wait (`Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    details: DookiErrorDetails & { retryAfterMs?: number } = {},
    retryable = true,
  ) {
    super('DOOKI_ERR_RATE_LIMITED', `${message}${describeRequest(details)}`, details, retryable);
    this.retryAfterMs = details.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}
