/** The pair of headers the Dooki API requires on every request. */
export interface Credentials {
  userToken: string;
  userSecretKey: string;
}

/**
 * How `meta.pagination.links` is rendered.
 * - `fractal`: League\Fractal's shape — `previous`/`next` only when applicable, `[]` when neither is.
 * - `object`: same keys, but `{}` instead of `[]` when neither applies.
 * - `empty-string`: both keys always present, `""` when not applicable (the docs' placeholder).
 * - `null`: both keys always present, `null` when not applicable.
 * - `missing`: no `links` key at all.
 */
export type LinksStyle = 'fractal' | 'object' | 'empty-string' | 'null' | 'missing';

/** Response-shape quirks of the real API that clients must tolerate. */
export interface Quirks {
  /** Pagination numbers as numeric strings (`"10"`) instead of ints. Default false. */
  numbersAsStrings: boolean;
  /** Shape of `meta.pagination.links`. Default `'fractal'`. */
  links: LinksStyle;
}

/** Fixed-window rate limit applied per route and per credential. */
export interface RateLimitOptions {
  /** Requests allowed per window. Default 60. */
  limit: number;
  /** Window length in ms. Default 60 000. */
  windowMs: number;
  /** Send `X-RateLimit-Limit` / `X-RateLimit-Remaining`. Default true. */
  headers?: boolean;
  /** Send `Retry-After` (whole seconds) on 429. Default true. */
  retryAfter?: boolean;
  /**
   * Windows kept per (route, credential) with their counts, for `control.rateWindows()`; the
   * oldest go first. Default 10; 0 keeps none.
   */
  windowHistory?: number;
}

/**
 * One fixed window of the rate limit of one store, as counted at the simulator. `allowed` can
 * never exceed `limit`; `allowed + refused` is the demand the client put on that window.
 */
export interface RateWindow {
  alias: string;
  route: RouteName | 'unknown';
  /** The credential the window counts, named as in the request log (never the token). */
  credential: 'valid' | 'invalid' | 'missing';
  /** When the window's first request arrived (epoch ms); it lasts `windowMs`. */
  startedAt: number;
  limit: number;
  windowMs: number;
  allowed: number;
  /** Requests answered 429 in this window. */
  refused: number;
}

/** Route names used in the request log, rate-limit keys and fault matching. */
export type RouteName = 'cluster-customers' | 'clusters' | 'cluster' | 'auth-me';

/** What a fault does to the request it hits. */
export type Fault =
  | { kind: 'status'; status: 500 | 502 | 503 | 401 | 404 | 429; body?: unknown }
  | { kind: 'reset' }
  | { kind: 'truncate' }
  | { kind: 'hang' }
  | { kind: 'latency'; ms: number }
  | { kind: 'drift'; join?: number; leave?: number }
  | { kind: 'delete-cluster' };

/**
 * A scripted fault. `match` selects requests (all given fields must match); `afterRequests: N`
 * lets the first N otherwise-matching requests through untouched. `times` (default 1, `Infinity`
 * allowed) caps how many requests the fault hits.
 */
export interface FaultRule {
  match?: { route?: RouteName; clusterId?: number; page?: number; afterRequests?: number };
  times?: number;
  fault: Fault;
}

/** Size (and optional name) of one simulated cluster. */
export interface ClusterSpec {
  id: number;
  name?: string;
  size: number;
}

/**
 * One store (alias) of a multi-store simulator. Fields left out fall back to the top-level
 * option of the same name; `seed` falls back to {@link storeSeed}(top-level seed, alias) and
 * `credentials` to {@link storeCredentials}(top-level seed, alias).
 */
export interface StoreSpec {
  alias: string;
  credentials?: Credentials;
  seed?: number;
  clusters?: ClusterSpec[];
  quirks?: Partial<Quirks>;
  rateLimit?: RateLimitOptions | false;
  latencyMs?: number;
  storeActive?: boolean;
  /** The store's own fault rules (counted apart from every other store's). */
  faults?: FaultRule[];
}

/** Options of {@link startMockApi}; every field is optional. */
export interface MockApiOptions {
  host?: string;
  port?: number;
  alias?: string;
  credentials?: Credentials;
  seed?: number;
  clusters?: ClusterSpec[];
  quirks?: Partial<Quirks>;
  rateLimit?: RateLimitOptions | false;
  latencyMs?: number;
  cacheTtlMs?: number;
  /** Upper bound of the response cache in bytes, shared evenly by the stores. Default 64 MiB. */
  cacheMaxBytes?: number;
  storeActive?: boolean;
  faults?: FaultRule[];
  /** Oldest request-log entries are dropped beyond this many. Default 200 000. */
  requestLogLimit?: number;
  /**
   * Serve several stores from one process. The other store-level options (`clusters`,
   * `quirks`, `rateLimit`, `latencyMs`, `storeActive`, `faults`) become every store's defaults;
   * `alias` and `credentials` must then be given per store, not here. The first store is the
   * default one (`api.alias`, `api.control`, the unprefixed admin routes).
   */
  stores?: StoreSpec[];
}

/** One served request, as recorded in `api.requests`. Holds no secrets. */
export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** HTTP status sent; 0 while pending or when a hang fault kept it from answering. */
  status: number;
  route: RouteName | 'unknown';
  /** Store alias named in the path; absent for `/auth/me` and unmatched paths. */
  alias?: string;
  credential: 'valid' | 'invalid' | 'missing';
  /** Kind of the fault that hit this request, if any. */
  fault?: Fault['kind'];
  at: number;
}

/** Result of one churn step. */
export interface ChurnResult {
  step: number;
  joined: number[];
  left: number[];
}

/** Size of a churn step: percentages of the current member count, or absolute counts. */
export interface ChurnChange {
  joinPercent?: number;
  leavePercent?: number;
  join?: number;
  leave?: number;
}
