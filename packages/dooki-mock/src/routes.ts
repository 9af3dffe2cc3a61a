import { phpJson } from './php-json.js';
import type { RouteName } from './types.js';

/** A request path resolved to an API route. */
export type MatchedRoute =
  | { name: 'cluster-customers' | 'cluster'; alias: string; clusterId: number }
  | { name: 'clusters'; alias: string }
  | { name: 'auth-me' };

export type RouteMatch =
  | { kind: 'route'; route: MatchedRoute }
  | { kind: 'method-not-allowed'; name: RouteName; alias?: string }
  | { kind: 'not-found' };

const CLUSTERS = /^\/v2\/([^/]+)\/customers\/clusters(?:\/([^/]+)(\/customers)?)?\/?$/;
const AUTH_ME = /^\/v2\/auth\/me\/?$/;

/** Matches `/v2/...` paths; cluster ids that are not positive integers are a 404, as in Laravel. */
export function matchRoute(method: string, path: string): RouteMatch {
  if (AUTH_ME.test(path)) {
    return method === 'POST'
      ? { kind: 'route', route: { name: 'auth-me' } }
      : { kind: 'method-not-allowed', name: 'auth-me' };
  }
  const found = CLUSTERS.exec(path);
  if (!found) return { kind: 'not-found' };
  const [, rawAlias = '', rawId, customers] = found;
  const alias = decodeURIComponent(rawAlias);
  const name: RouteName =
    rawId === undefined ? 'clusters' : customers ? 'cluster-customers' : 'cluster';
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'method-not-allowed', name, alias };
  if (rawId === undefined) return { kind: 'route', route: { name: 'clusters', alias } };
  if (!/^\d+$/.test(rawId) || !Number.isSafeInteger(Number(rawId))) return { kind: 'not-found' };
  return {
    kind: 'route',
    route: { name: name as 'cluster' | 'cluster-customers', alias, clusterId: Number(rawId) },
  };
}

/** Error bodies in dingo/api's default format (`message` + `status_code`). */
export function errorBody(status: number, message?: string): string {
  const messages: Record<number, string> = {
    401: 'Unauthenticated.',
    403: 'This action is unauthorized.',
    404: '404 Not Found',
    405: '405 Method Not Allowed',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
  };
  const text = message ?? messages[status] ?? 'Error';
  // The 429 fixture observed in the wild carries only `message`.
  return phpJson(status === 429 ? { message: text } : { message: text, status_code: status });
}
