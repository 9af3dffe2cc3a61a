import { ClusterStore } from './cluster-store.js';
import { FaultBook } from './faults.js';
import { hash32, normaliseSeed } from './random.js';
import { RateLimiter } from './rate-limiter.js';
import { ResponseCache } from './response-cache.js';
import { WriterPool } from './writer-pool.js';
import type { ClusterSpec, Credentials, MockApiOptions, Quirks, RequestLogEntry } from './types.js';

/** Store alias used when none is given. */
export const DEFAULT_ALIAS = 'demo-store';

/** Whether a request's headers are the store's current, unrevoked credentials. */
export function acceptsCredentials(
  state: MockState,
  token: string | undefined,
  secret: string | undefined,
): boolean {
  return (
    !state.credentialsRevoked &&
    token === state.credentials.userToken &&
    secret === state.credentials.userSecretKey
  );
}

/** Credentials accepted when none are given. */
export const DEFAULT_CREDENTIALS: Readonly<Credentials> = Object.freeze({
  userToken: 'mock-user-token',
  userSecretKey: 'mock-user-secret-key',
});

/** Clusters simulated when none are given. */
export const DEFAULT_CLUSTERS: readonly ClusterSpec[] = Object.freeze([
  { id: 1, name: 'VIP', size: 250 },
  { id: 2, name: 'Atacado', size: 1_000 },
]);

export const DEFAULT_QUIRKS: Readonly<Quirks> = Object.freeze({
  numbersAsStrings: false,
  links: 'fractal',
});

/** What a store alias may look like (it is a URL path segment). */
export const ALIAS_PATTERN = /^[a-z0-9][a-z0-9-]*$/i;

const THIRTY_MINUTES = 30 * 60_000;

/** Parts every store of one server shares: the request log and the page buffers. */
export interface SharedState {
  /** Buffers that customer pages are written into (see writer-pool.ts). */
  readonly pageWriters: WriterPool;
  readonly requests: RequestLogEntry[];
  readonly requestLogLimit: number;
}

/** One store: everything the request handler and the control API share about it. */
export interface MockState extends SharedState {
  readonly seed: number;
  readonly alias: string;
  readonly merchantId: number;
  credentials: Credentials;
  /** Revoked credentials get 401 until reinstated or rotated. */
  credentialsRevoked: boolean;
  quirks: Quirks;
  storeActive: boolean;
  latencyMs: number;
  readonly store: ClusterStore;
  readonly rateLimiter: RateLimiter;
  readonly cache: ResponseCache;
  readonly faults: FaultBook;
}

export function createSharedState(options: Pick<MockApiOptions, 'requestLogLimit'>): SharedState {
  return {
    pageWriters: new WriterPool(),
    requests: [],
    requestLogLimit: options.requestLogLimit ?? 200_000,
  };
}

/** One store's state from single-store options; `shared` is given when stores share a server. */
export function createState(
  options: MockApiOptions,
  shared: SharedState = createSharedState(options),
): MockState {
  const seed = normaliseSeed(options.seed ?? 1);
  const alias = options.alias ?? DEFAULT_ALIAS;
  if (!ALIAS_PATTERN.test(alias)) {
    throw new RangeError(`alias must be letters, digits and dashes, got "${alias}"`);
  }
  const latencyMs = options.latencyMs ?? 0;
  if (!(latencyMs >= 0)) throw new RangeError(`latencyMs must be >= 0, got ${latencyMs}`);
  const faults = new FaultBook();
  for (const rule of options.faults ?? []) faults.add(rule);
  return {
    seed,
    alias,
    merchantId: 10_000 + (hash32(seed, 0x3e7c4a47) % 90_000),
    credentials: validCredentials(options.credentials ?? DEFAULT_CREDENTIALS),
    credentialsRevoked: false,
    quirks: { ...DEFAULT_QUIRKS, ...options.quirks },
    storeActive: options.storeActive ?? true,
    latencyMs,
    store: new ClusterStore(seed, options.clusters ?? DEFAULT_CLUSTERS),
    rateLimiter: new RateLimiter(options.rateLimit),
    cache: new ResponseCache(
      options.cacheTtlMs ?? THIRTY_MINUTES,
      options.cacheMaxBytes ?? 64 << 20,
    ),
    faults,
    ...shared,
  };
}

export function validCredentials(credentials: Credentials): Credentials {
  const { userToken, userSecretKey } = credentials;
  if (
    typeof userToken !== 'string' ||
    userToken === '' ||
    typeof userSecretKey !== 'string' ||
    userSecretKey === ''
  ) {
    throw new TypeError('credentials need a non-empty userToken and userSecretKey');
  }
  return { userToken, userSecretKey };
}
