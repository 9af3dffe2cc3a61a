import { randomBytes } from 'node:crypto';
import type { Customer } from './customer-types.js';
import { generateCustomer } from './customer.js';
import { validCredentials, type MockState } from './state.js';
import type {
  ChurnChange,
  ChurnResult,
  Credentials,
  FaultRule,
  Quirks,
  RateLimitOptions,
  RateWindow,
} from './types.js';

/** Drives the simulated store from a test: membership ground truth, churn, faults, clock. */
export interface MockControl {
  /** Churn steps applied so far (including drift faults). */
  readonly step: number;
  /** Exact current member ids of a cluster, ascending. Materialises the whole array. */
  members(clusterId: number): number[];
  memberCount(clusterId: number): number;
  /** The customer exactly as served now: pure in (seed, id), plus its current `cluster_id`. */
  customer(id: number): Customer;
  churn(clusterId: number, change: ChurnChange): ChurnResult;
  /** Adds ids (new, or moved from another cluster). */
  addMembers(clusterId: number, ids: number[]): void;
  removeMembers(clusterId: number, ids: number[]): void;
  /** The cluster answers 404 from then on. */
  deleteCluster(clusterId: number): void;
  /** Replaces the credentials (random ones when omitted); the old ones get 401 from then on. */
  rotateCredentials(next?: Credentials): Credentials;
  /** The current credentials get 401 (as if revoked in the panel) until reinstated or rotated. */
  revokeCredentials(): void;
  /** Undoes {@link revokeCredentials}: the same credentials work again. */
  reinstateCredentials(): void;
  /** `false`: 403 on every route of this store, as for a store with `active: false`. */
  setStoreActive(active: boolean): void;
  setRateLimit(limit: RateLimitOptions | false): void;
  setQuirks(quirks: Partial<Quirks>): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Moves the cache clock forward (rate-limit windows stay on real time). */
  advanceClock(ms: number): void;
  /** Empties the request log: all of it for `api.control`, this store's entries for a store's. */
  resetRequests(): void;
  /**
   * The rate-limit windows kept (see `rateLimit.windowHistory`), oldest first per (route,
   * credential): every store's for `api.control`, this store's for a store's.
   */
  rateWindows(): RateWindow[];
}

/**
 * The control of one store. `resetRequests` is how the log is emptied: by default the whole
 * log (single-store behaviour), for a store of many only the entries naming its alias.
 */
export function createControl(
  state: MockState,
  resetRequests: () => void = () => {
    state.requests.length = 0;
  },
  rateWindows: () => RateWindow[] = () => windowsOf(state),
): MockControl {
  const { store } = state;
  return {
    get step() {
      return store.step;
    },
    members: (clusterId) => store.require(clusterId).toArray(),
    memberCount: (clusterId) => store.require(clusterId).count,
    customer: (id) => {
      if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`invalid customer id ${id}`);
      return generateCustomer(state, id, store.clusterOf(id));
    },
    churn: (clusterId, change) => store.churn(clusterId, change),
    addMembers: (clusterId, ids) => void store.add(clusterId, ids),
    removeMembers: (clusterId, ids) => void store.remove(clusterId, ids),
    deleteCluster: (clusterId) => store.delete(clusterId),
    rotateCredentials: (next) => {
      state.credentials = validCredentials(
        next ?? {
          userToken: `mock-token-${randomBytes(12).toString('hex')}`,
          userSecretKey: `mock-secret-${randomBytes(16).toString('hex')}`,
        },
      );
      state.credentialsRevoked = false;
      return { ...state.credentials };
    },
    revokeCredentials: () => {
      state.credentialsRevoked = true;
    },
    reinstateCredentials: () => {
      state.credentialsRevoked = false;
    },
    setStoreActive: (active) => {
      state.storeActive = active;
    },
    setRateLimit: (limit) => state.rateLimiter.configure(limit),
    setQuirks: (quirks) => {
      state.quirks = { ...state.quirks, ...quirks };
      state.cache.clear();
    },
    addFault: (rule) => state.faults.add(rule),
    clearFaults: () => state.faults.clear(),
    advanceClock: (ms) => state.cache.advanceClock(ms),
    resetRequests,
    rateWindows,
  };
}

/** A store's kept rate-limit windows, each with the store's alias. */
export const windowsOf = (state: MockState): RateWindow[] =>
  state.rateLimiter.windows().map((window) => ({ alias: state.alias, ...window }));
