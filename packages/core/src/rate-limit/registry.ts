import { createHash } from 'node:crypto';
import { RateLimiter, type RateLimitConfig } from './rate-limiter.js';

/** Route names; the API counts its quota per route (and per credential). */
export type DookiRoute = 'cluster-customers' | 'clusters' | 'cluster' | 'auth-me';

// One registry per process, shared even by separately bundled copies of this package,
// so every stream on the same quota paces together.
const REGISTRY_KEY = Symbol.for('@clusterstream/core/rate-limiters');
const globalStore = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Map<string, RateLimiter> };
const limiters = (globalStore[REGISTRY_KEY] ??= new Map<string, RateLimiter>());

/**
 * A short SHA-256 fingerprint of a credential pair, so limiter keys identify the
 * credential without ever holding it.
 */
export function credentialFingerprint(userToken: string, userSecretKey: string): string {
  return createHash('sha256').update(`${userToken}\0${userSecretKey}`).digest('hex').slice(0, 16);
}

/**
 * The shared limiter of one quota. The first caller's `config` sets the initial
 * assumption; after that the API's headers rule.
 */
export function sharedRateLimiter(
  parts: { baseUrl: string; alias: string; route: DookiRoute; credential: string },
  config: RateLimitConfig,
): RateLimiter {
  const key = [parts.baseUrl, parts.alias, parts.route, parts.credential].join('\n');
  let limiter = limiters.get(key);
  if (limiter === undefined) {
    limiter = new RateLimiter(config);
    limiters.set(key, limiter);
  }
  return limiter;
}
