import { isDookiError, type DookiError } from '../errors/dooki-error.js';
import type { RateLimitDemand, RateLimiter } from '../rate-limit/rate-limiter.js';
import type { DookiRoute } from '../rate-limit/registry.js';
import { sleep } from '../util/abortable-sleep.js';
import { attemptRequest } from './attempt-request.js';
import type { DookiEvent, RateLimitInfo } from './events.js';
import { backoffDelay, type ResolvedRetryConfig } from './retry-timing.js';
import type { DookiTransport } from './transport.js';
import type { DookiClock } from '../clock/clock.js';

/** Everything a request needs from its client. */
export interface RequestContext {
  transport: DookiTransport;
  clock: DookiClock;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Largest response body accepted; a larger one is a bad page (retried). */
  maxResponseBytes: number;
  retry: ResolvedRetryConfig;
  /** The assumed quota window: how long a 429 without Retry-After blocks. */
  rateLimitWindowMs: number;
  limiterFor: (route: DookiRoute) => RateLimiter;
  emit: (event: DookiEvent) => void;
  /** Replaces any credential value in text that came from outside (API messages, causes). */
  redact: (text: string) => string;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  route: DookiRoute;
  url: string;
  page?: number;
}

/** Counters a scan keeps for its summary. */
export interface RequestStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

export interface DecodedResponse {
  status: number;
  body: unknown;
  rateLimit: RateLimitInfo;
}

/**
 * Sends one logical request: paced by the route's limiter, retried on 429 after the
 * advised wait (same request), and on 5xx / network / timeout / invalid JSON with
 * exponential backoff and full jitter. 401/403/404/422 fail at once. `demand`: what the
 * caller (a scan) will still ask of the same quota after this request.
 */
export async function sendRequest(
  context: RequestContext,
  spec: RequestSpec,
  signal: AbortSignal,
  stats: RequestStats,
  demand?: RateLimitDemand,
): Promise<DecodedResponse> {
  let failures = 0;
  let limited = 0;
  const limiter = context.limiterFor(spec.route);
  for (;;) {
    const attempt = failures + limited + 1;
    const ticket = await limiter.acquire(
      context.clock,
      signal,
      (delayMs, reason) =>
        context.emit({
          type: 'rate-limit-wait',
          route: spec.route,
          page: spec.page,
          delayMs,
          reason,
        }),
      demand,
    );
    stats.requests += 1;
    try {
      return await attemptRequest(context, spec, { signal, limiter, ticket, attempt });
    } catch (error) {
      if (!isDookiError(error)) throw error;
      const limited429 = error.code === 'DOOKI_ERR_RATE_LIMITED';
      if (limited429) stats.rateLimited += 1;
      if (!shouldRetry(error, context.retry, { failures, limited })) throw error;
      if (limited429) limited += 1;
      else failures += 1;
      stats.retries += 1;
      // After a 429 the limiter closes the whole quota, so the next acquire does the waiting.
      const delayMs = limited429 ? limiter.blockedFor() : backoffDelay(failures, context.retry);
      context.emit({
        type: 'retry',
        method: spec.method,
        url: spec.url,
        route: spec.route,
        page: spec.page,
        attempt,
        reason: error.code,
        ...(error.status === undefined ? {} : { status: error.status }),
        delayMs,
      });
      if (!limited429) await sleep(context.clock, delayMs, signal);
    }
  }
}

/** Whether `error` gets another attempt, given the attempts already spent. */
function shouldRetry(
  error: DookiError,
  retry: ResolvedRetryConfig,
  spent: { failures: number; limited: number },
): boolean {
  // A 429 asking for a wait past retry.maxRetryAfterMs comes back not retryable.
  if (error.code === 'DOOKI_ERR_RATE_LIMITED')
    return error.retryable && spent.limited < retry.rateLimitRetries;
  return error.retryable && spent.failures < retry.retries;
}
