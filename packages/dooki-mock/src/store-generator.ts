import { createHash } from 'node:crypto';
import type { Credentials, StoreSpec } from './types.js';

/** Options of {@link generateStores}. */
export interface GenerateStoresOptions {
  /** How many stores. */
  count: number;
  /** Clusters per store, ids `1..n`. Default 2. */
  clustersPerStore?: number;
  /** Initial members of every cluster. Default 1000. */
  membersPerCluster?: number;
  /** Seeds every store's data and credentials. Default 1. */
  seed?: number;
  /** Alias prefix; aliases are `${prefix}001`, `${prefix}002`, ... Default `'store-'`. */
  aliasPrefix?: string;
}

/**
 * `count` deterministic stores for benches and fleet tests: aliases `store-001`… (zero-padded to
 * at least three digits), credentials from {@link storeCredentials}, data seed from
 * {@link storeSeed}, and `clustersPerStore` clusters of `membersPerCluster` members each.
 * Nothing is materialised: members are generated when a page is served.
 */
export function generateStores(options: GenerateStoresOptions): StoreSpec[] {
  const { count, clustersPerStore = 2, membersPerCluster = 1000, seed = 1 } = options;
  const prefix = options.aliasPrefix ?? 'store-';
  wholeNumber('count', count, 1);
  wholeNumber('clustersPerStore', clustersPerStore, 1);
  wholeNumber('membersPerCluster', membersPerCluster, 0);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const digits = Math.max(3, String(count).length);
  return Array.from({ length: count }, (_, index) => {
    const alias = `${prefix}${String(index + 1).padStart(digits, '0')}`;
    return {
      alias,
      credentials: storeCredentials(seed, alias),
      seed: storeSeed(seed, alias),
      clusters: Array.from({ length: clustersPerStore }, (_, k) => ({
        id: k + 1,
        size: membersPerCluster,
      })),
    };
  });
}

/**
 * A store's deterministic credentials:
 * `userToken = "mock-token-<alias>-" + sha256hex("dooki-mock:<seed>:<alias>:token")[0..24]` and
 * `userSecretKey = "mock-secret-<alias>-" + sha256hex("dooki-mock:<seed>:<alias>:secret")[0..32]`.
 * Each pair is valid only on its own alias.
 */
export function storeCredentials(seed: number, alias: string): Credentials {
  return {
    userToken: `mock-token-${alias}-${digest(seed, alias, 'token').slice(0, 24)}`,
    userSecretKey: `mock-secret-${alias}-${digest(seed, alias, 'secret').slice(0, 32)}`,
  };
}

/** A store's data seed, so stores sharing one server seed still serve different customers. */
export function storeSeed(seed: number, alias: string): number {
  return Number.parseInt(digest(seed, alias, 'seed').slice(0, 8), 16) | 0;
}

function digest(seed: number, alias: string, purpose: string): string {
  return createHash('sha256').update(`dooki-mock:${seed}:${alias}:${purpose}`).digest('hex');
}

function wholeNumber(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  }
}
