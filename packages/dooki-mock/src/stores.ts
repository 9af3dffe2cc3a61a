import { storeCredentials, storeSeed } from './store-generator.js';
import {
  acceptsCredentials,
  ALIAS_PATTERN,
  createSharedState,
  createState,
  type MockState,
  type SharedState,
} from './state.js';
import type { MockApiOptions, StoreSpec } from './types.js';

const DEFAULT_CACHE_BYTES = 64 << 20;

/** Every store one server simulates, by alias; the first is the default store. */
export interface StoreSet {
  readonly shared: SharedState;
  readonly list: readonly MockState[];
  readonly primary: MockState;
  get(alias: string): MockState | undefined;
  /** The stores whose current credentials these headers are (one user can reach several). */
  reachedBy(token: string | undefined, secret: string | undefined): MockState[];
  /**
   * The store a request is charged to (its rate budget, its active flag): the store named in the
   * path, else one the credentials reach (an active one first), else the default store. With one
   * store this is always that store, as before stores existed.
   */
  chargeTo(
    alias: string | undefined,
    token: string | undefined,
    secret: string | undefined,
  ): MockState;
}

export function createStores(options: MockApiOptions): StoreSet {
  const shared = createSharedState(options);
  const list =
    options.stores === undefined
      ? [createState(options, shared)]
      : options.stores.map((spec, _, all) =>
          createState(storeOptions(options, spec, all.length), shared),
        );
  const byAlias = new Map<string, MockState>();
  for (const state of list) {
    if (byAlias.has(state.alias)) throw new RangeError(`duplicate store alias "${state.alias}"`);
    byAlias.set(state.alias, state);
  }
  const primary = list[0];
  if (!primary) throw new RangeError('stores must list at least one store');
  const reachedBy = (token: string | undefined, secret: string | undefined): MockState[] =>
    list.filter((state) => acceptsCredentials(state, token, secret));
  return {
    shared,
    list,
    primary,
    get: (alias) => byAlias.get(alias),
    reachedBy,
    chargeTo: (alias, token, secret) => {
      const named = alias === undefined ? undefined : byAlias.get(alias);
      if (named) return named;
      const reached = reachedBy(token, secret);
      return reached.find((state) => state.storeActive) ?? reached[0] ?? primary;
    },
  };
}

/** One store's options: its own fields, else the server-wide ones. */
function storeOptions(
  options: MockApiOptions,
  spec: StoreSpec,
  storeCount: number,
): MockApiOptions {
  if (options.alias !== undefined || options.credentials !== undefined) {
    throw new TypeError('with `stores`, give `alias` and `credentials` per store, not top-level');
  }
  if (typeof spec !== 'object' || spec === null || typeof spec.alias !== 'string') {
    throw new TypeError('every entry of `stores` needs an `alias` string');
  }
  const { alias } = spec;
  if (!ALIAS_PATTERN.test(alias)) {
    throw new RangeError(`alias must be letters, digits and dashes, got "${alias}"`);
  }
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  return {
    alias,
    credentials: spec.credentials ?? storeCredentials(seed, alias),
    seed: spec.seed ?? storeSeed(seed, alias),
    clusters: spec.clusters ?? options.clusters,
    quirks: { ...options.quirks, ...spec.quirks },
    rateLimit: spec.rateLimit ?? options.rateLimit,
    latencyMs: spec.latencyMs ?? options.latencyMs,
    storeActive: spec.storeActive ?? options.storeActive,
    faults: [...(options.faults ?? []), ...(spec.faults ?? [])],
    cacheTtlMs: options.cacheTtlMs,
    // The cache bound is the server's: each store gets an even share.
    cacheMaxBytes: Math.floor((options.cacheMaxBytes ?? DEFAULT_CACHE_BYTES) / storeCount),
  };
}
