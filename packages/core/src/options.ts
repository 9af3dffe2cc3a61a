import { DookiOptionsError } from './errors/options-error.js';
import type { DookiEventListener } from './http/events.js';
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
  if (typeof options.alias !== 'string' || !/^[\w.-]+$/.test(options.alias)) {
    throw new DookiOptionsError('alias must be the store alias (letters, digits, "-", "_", ".")');
  }
  const hasToken = typeof options.userToken === 'string' && options.userToken !== '';
  const hasSecret = typeof options.userSecretKey === 'string' && options.userSecretKey !== '';
  if ((!hasToken || !hasSecret) && options.transport === undefined) {
    throw new DookiOptionsError(
      'userToken and userSecretKey are required (Perfil › Credenciais de API), unless a transport authenticates the requests',
    );
  }
  if (options.timeoutMs !== undefined) integerIn('timeoutMs', options.timeoutMs, 1, 2 ** 31 - 1);
}
