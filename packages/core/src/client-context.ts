import { timerClock } from './clock/timer-clock.js';
import { fetchTransport } from './http/fetch-transport.js';
import { DEFAULT_RETRY } from './http/retry-timing.js';
import type { RequestContext } from './http/send-request.js';
import { withDefaults, type DookiClientOptions } from './options.js';
import { RateLimiter, type RateLimitConfig } from './rate-limit/rate-limiter.js';
import {
  credentialFingerprint,
  sharedRateLimiter,
  type DookiRoute,
} from './rate-limit/registry.js';

export const DEFAULT_BASE_URL = 'https://api.dooki.com.br/v2';
const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 60, windowMs: 60_000 };
const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Builds what every request of one client shares: transport, headers, retry, limiters. */
export function createRequestContext(options: DookiClientOptions, baseUrl: string): RequestContext {
  const { userToken, userSecretKey } = options;
  const secrets = [userToken, userSecretKey].filter(
    (value): value is string => typeof value === 'string' && value.length >= 4,
  );
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': 'application/json',
  };
  if (userToken !== undefined && userSecretKey !== undefined) {
    headers['User-Token'] = userToken;
    headers['User-Secret-Key'] = userSecretKey;
  }
  const rateLimit =
    options.rateLimit === false
      ? DEFAULT_RATE_LIMIT
      : withDefaults(DEFAULT_RATE_LIMIT, options.rateLimit);
  const credential =
    userToken !== undefined && userSecretKey !== undefined
      ? credentialFingerprint(userToken, userSecretKey)
      : (options.rateLimitKey ?? 'transport');
  const ownLimiters = new Map<DookiRoute, RateLimiter>();
  const limiterFor = (route: DookiRoute): RateLimiter => {
    if (options.rateLimit !== false) {
      return sharedRateLimiter({ baseUrl, alias: options.alias, route, credential }, rateLimit);
    }
    let limiter = ownLimiters.get(route);
    if (limiter === undefined)
      ownLimiters.set(route, (limiter = new RateLimiter(rateLimit, false)));
    return limiter;
  };
  const listener = options.onEvent;
  return {
    transport: options.transport ?? fetchTransport,
    clock: options.clock ?? timerClock,
    headers,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    retry: withDefaults(DEFAULT_RETRY, options.retry),
    rateLimitWindowMs: rateLimit.windowMs,
    limiterFor,
    emit: (event) => {
      try {
        listener?.(event);
      } catch {
        // Observability must never break a scan.
      }
    },
    redact: (text) => secrets.reduce((safe, secret) => safe.split(secret).join('[redacted]'), text),
  };
}
