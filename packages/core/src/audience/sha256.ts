// Hashing goes through node:crypto on purpose. The n8n node bundles this module, and n8n's
// community-package scanner (@n8n/scan-community-package 0.32.0, which lints with
// @n8n/eslint-plugin-community-nodes 0.29.0) allows exactly these built-ins in its
// `no-restricted-imports` rule: `crypto` and `node:crypto` are on its allow-list
// (dist/rules/no-restricted-imports.js), while timers, `globalThis` and `process` are banned by
// `no-restricted-globals`. A pure-JS SHA-256 would be ours to get right and several times
// slower; the one-shot `hash()` (Node >= 20.12) is native and about twice as fast as
// `createHash()` for values this short.
import { hash } from 'node:crypto';

/**
 * Lower-case hex SHA-256 of the UTF-8 bytes of `value`, the digest both Meta and Google expect.
 *
 * @example
 * sha256Hex('mary@example.com'); // 'f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79'
 */
export const sha256Hex = (value: string): string => hash('sha256', value, 'hex');

/**
 * A SHA-256 that remembers recent results, for fields with few distinct values (first names,
 * cities, states, birth years): the same digest, without hashing "maria" again for every Maria.
 * The cache is bounded; when full it starts over.
 */
export const memoizedSha256 = (capacity = 4096): ((value: string) => string) => {
  const cache = new Map<string, string>();
  return (value) => {
    let digest = cache.get(value);
    if (digest === undefined) {
      digest = sha256Hex(value);
      if (cache.size >= capacity) cache.clear();
      cache.set(value, digest);
    }
    return digest;
  };
};
