import { DookiOptionsError } from './errors/error-tree.js';
import type { DookiClock } from './clock/clock.js';
import type { DookiEventListener } from './http/events.js';
import { insecureUrlReason } from './net/loopback.js';
import type { RetryConfig } from './http/retry-timing.js';
import type { DookiTransport } from './http/transport.js';
import type { ScanSummary } from './pagination/scan-summary.js';
import type { RateLimitConfig } from './rate-limit/rate-limiter.js';

/** Options of {@link createDookiClient}. */
export interface DookiClientOptions {
  /** The store's alias, the first path segment after `/v2`. */
  alias: string;
  /** `User-Token` header. May be omitted only with a `transport` that authenticates itself. */
  userToken?: string;
  /** `User-Secret-Key` header. May be omitted only with a `transport` that authenticates itself. */
  userSecretKey?: string;
  /** Default `https://api.dooki.com.br/v2`. */
  baseUrl?: string;
  /** Sends the HTTP requests. Default: the global `fetch`. */
  transport?: DookiTransport;
  /** Per attempt. Default 30 000 ms. */
  timeoutMs?: number;
  /**
   * Largest response body accepted, in bytes. A larger one fails the attempt as
   * `DOOKI_ERR_BAD_PAGE` (retried like a bad page) without being buffered whole.
   * Default 8 MiB (a full 100-customer page is about 150 KB).
   */
  maxResponseBytes?: number;
  /**
   * Accept a plain `http://` base URL to a host other than loopback. Default false:
   * credentials and personal data would cross the network unencrypted.
   */
  allowInsecureHttp?: boolean;
  /** What every wait (backoff, pacing, timeouts) sleeps on. Default: timers. */
  clock?: DookiClock;
  /** Backoff for 5xx / network / timeout / invalid JSON, and the 429 retry budget. */
  retry?: RetryConfig;
  /**
   * Quota assumed until `X-RateLimit-*` headers arrive (default 60 per 60 s); `false`
   * turns pacing off (a 429 is still waited out and retried).
   */
  rateLimit?: Partial<RateLimitConfig> | false;
  /**
   * Identifies the credential in the shared limiter's key when `userToken` is not given
   * (e.g. an n8n credential id). Ignored when credentials are given: their SHA-256
   * fingerprint is used.
   */
  rateLimitKey?: string;
  /** Observability hook: requests, responses, retries, rate-limit waits. */
  onEvent?: DookiEventListener;
}

/** Options of every list scan (customers of a cluster, clusters). */
export interface ScanOptions {
  /** Items per request, 1–100. Default 100 (the API's maximum: fewest requests). */
  pageSize?: number;
  /** Total items wanted; no page beyond what they need is requested. */
  maxItems?: number;
  /** Default 1. */
  startPage?: number;
  /** Pages requested ahead of the one being consumed, 0–16. Default 1. */
  prefetch?: number;
  /** Sends `skipCache=true` so the API's 30-minute cache is bypassed. Default true. */
  skipCache?: boolean;
  include?: string | string[];
  search?: string;
  orderBy?: string;
  sortedBy?: 'asc' | 'desc';
  /** Cancels the scan: the in-flight request is aborted, the consumer gets DOOKI_ERR_ABORTED. */
  signal?: AbortSignal;
  /** Called once when the scan ends, however it ends. */
  onSummary?: (summary: ScanSummary) => void;
}

export interface ResolvedScanOptions extends ScanOptions {
  pageSize: number;
  startPage: number;
  prefetch: number;
  skipCache: boolean;
}

function integerIn(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    throw new DookiOptionsError(`${name} must be an integer ${range}, got ${String(value)}`);
  }
  return value;
}

/** Checks scan options and fills defaults; throws DookiOptionsError before any request. */
export function resolveScanOptions(options: ScanOptions = {}): ResolvedScanOptions {
  const max = Number.MAX_SAFE_INTEGER;
  return {
    ...options,
    pageSize: integerIn('pageSize', options.pageSize ?? 100, 1, 100),
    startPage: integerIn('startPage', options.startPage ?? 1, 1, max),
    prefetch: integerIn('prefetch', options.prefetch ?? 1, 0, 16),
    skipCache: options.skipCache ?? true,
    ...(options.maxItems === undefined
      ? {}
      : { maxItems: integerIn('maxItems', options.maxItems, 0, max) }),
  };
}

/** Accepts a positive integer id, or its decimal string (as CLIs and n8n pass them). */
export function resolveId(name: string, value: number | string): number {
  const id = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return integerIn(name, id, 1, Number.MAX_SAFE_INTEGER);
}

/** Validates the client options that have no safe default. */
export function checkClientOptions(options: DookiClientOptions): void {
  // One path segment after /v2: "." or ".." would send the credentials to another path.
  if (
    typeof options.alias !== 'string' ||
    !/^[\w.-]+$/.test(options.alias) ||
    /^\.+$/.test(options.alias)
  ) {
    throw new DookiOptionsError(
      'alias must be the store alias (letters, digits, "-", "_", "."; not dots alone)',
    );
  }
  const hasToken = typeof options.userToken === 'string' && options.userToken !== '';
  const hasSecret = typeof options.userSecretKey === 'string' && options.userSecretKey !== '';
  if ((!hasToken || !hasSecret) && options.transport === undefined) {
    throw new DookiOptionsError(
      'userToken and userSecretKey are required (Perfil › Credenciais de API), unless a transport authenticates the requests',
    );
  }
  for (const name of ['userToken', 'userSecretKey'] as const) {
    const value = options[name];
    // A pasted credential with a line break would otherwise fail as six network errors.
    if (typeof value === 'string' && !/^[\x21-\x7e]*$/.test(value)) {
      throw new DookiOptionsError(
        `${name} contains a space, line break or non-ASCII character; copy it again from Perfil › Credenciais de API`,
      );
    }
  }
  if (options.baseUrl !== undefined) checkBaseUrl(options.baseUrl, options.allowInsecureHttp);
  const max = 2 ** 31 - 1;
  if (options.timeoutMs !== undefined) integerIn('timeoutMs', options.timeoutMs, 1, max);
  if (options.maxResponseBytes !== undefined)
    integerIn('maxResponseBytes', options.maxResponseBytes, 1024, Number.MAX_SAFE_INTEGER);
  const retry = options.retry ?? {};
  if (retry.retries !== undefined) integerIn('retry.retries', retry.retries, 0, 100);
  if (retry.rateLimitRetries !== undefined)
    integerIn('retry.rateLimitRetries', retry.rateLimitRetries, 0, 100);
  if (retry.baseDelayMs !== undefined) integerIn('retry.baseDelayMs', retry.baseDelayMs, 0, max);
  if (retry.maxDelayMs !== undefined) integerIn('retry.maxDelayMs', retry.maxDelayMs, 0, max);
  if (retry.maxRetryAfterMs !== undefined)
    integerIn('retry.maxRetryAfterMs', retry.maxRetryAfterMs, 0, max);
}

function checkBaseUrl(baseUrl: string, allowInsecureHttp: boolean | undefined): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new DookiOptionsError(`baseUrl is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new DookiOptionsError('baseUrl must not contain a user name or password');
  }
  const reason = insecureUrlReason(url, allowInsecureHttp);
  if (reason !== null) throw new DookiOptionsError(`baseUrl: ${reason}`);
}

/**
 * `defaults` with every field of `given` that is not `undefined`: an option left
 * `undefined` always means "the default", never "off".
 */
export function withDefaults<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
