import { ClusterStore } from './cluster-store.js';
import { FaultBook } from './faults.js';
import { hash32, normaliseSeed } from './random.js';
import { RateLimiter } from './rate-limiter.js';
import { ResponseCache } from './response-cache.js';
import { WriterPool } from './writer-pool.js';
import type { ClusterSpec, Credentials, MockApiOptions, Quirks, RequestLogEntry } from './types.js';

/** Store alias used when none is given. */
export const DEFAULT_ALIAS = 'demo-store';

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

const THIRTY_MINUTES = 30 * 60_000;

/** Everything the request handler and the control API share. */
export interface MockState {
  readonly seed: number;
  readonly alias: string;
  readonly merchantId: number;
  credentials: Credentials;
  quirks: Quirks;
  storeActive: boolean;
  latencyMs: number;
  readonly store: ClusterStore;
  readonly rateLimiter: RateLimiter;
  readonly cache: ResponseCache;
  /** Buffers that customer pages are written into (see writer-pool.ts). */
  readonly pageWriters: WriterPool;
  readonly faults: FaultBook;
  readonly requests: RequestLogEntry[];
  readonly requestLogLimit: number;
}

export function createState(options: MockApiOptions): MockState {
  const seed = normaliseSeed(options.seed ?? 1);
  const alias = options.alias ?? DEFAULT_ALIAS;
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(alias)) {
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
    quirks: { ...DEFAULT_QUIRKS, ...options.quirks },
    storeActive: options.storeActive ?? true,
    latencyMs,
    store: new ClusterStore(seed, options.clusters ?? DEFAULT_CLUSTERS),
    rateLimiter: new RateLimiter(options.rateLimit),
    cache: new ResponseCache(
      options.cacheTtlMs ?? THIRTY_MINUTES,
      options.cacheMaxBytes ?? 64 << 20,
    ),
    pageWriters: new WriterPool(),
    faults,
    requests: [],
    requestLogLimit: options.requestLogLimit ?? 200_000,
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
