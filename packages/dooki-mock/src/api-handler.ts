import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AsciiWriter } from './ascii-writer.js';
import { authMeBody, clusterBody, clusterCustomersBody, clustersBody } from './bodies.js';
import { parsePaging } from './pagination.js';
import { phpJson } from './php-json.js';
import { errorBody, matchRoute, type MatchedRoute } from './routes.js';
import { sendBody, type Body, type Delay } from './send.js';
import { acceptsCredentials, type MockState } from './state.js';
import type { StoreSet } from './stores.js';
import type { Fault, RequestLogEntry } from './types.js';

/**
 * Serves one `/v2` request through the real API's layers, in order: rate limit (every response
 * carries the quota headers), authentication, inactive store, alias, scripted faults, cache, data.
 * Each store has its own credentials, rate budget, faults and cache; a store's credentials are
 * valid only on its own alias (another store's answer 401, an unknown alias 404 or 401).
 */
export function handleApiRequest(
  stores: StoreSet,
  baseUrl: string,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  delay: Delay,
): void {
  const method = req.method ?? 'GET';
  const match = matchRoute(method, path);
  const routeName =
    match.kind === 'route'
      ? match.route.name
      : match.kind === 'method-not-allowed'
        ? match.name
        : 'unknown';
  const alias =
    match.kind === 'route' && match.route.name !== 'auth-me'
      ? match.route.alias
      : match.kind === 'method-not-allowed'
        ? match.alias
        : undefined;
  const token = header(req, 'user-token');
  const secret = header(req, 'user-secret-key');
  const state = stores.chargeTo(alias, token, secret);
  const entry: RequestLogEntry = {
    method,
    path,
    query: Object.fromEntries(query),
    status: 0,
    route: routeName,
    ...(alias === undefined ? {} : { alias }),
    credential:
      token === undefined || secret === undefined
        ? 'missing'
        : acceptsCredentials(state, token, secret)
          ? 'valid'
          : 'invalid',
    at: Date.now(),
  };
  logRequest(state, entry);
  const reply = (
    status: number,
    body: Body,
    headers: Record<string, string>,
    fault?: Fault,
  ): void => {
    entry.status = status;
    const wait = state.latencyMs + (fault?.kind === 'latency' ? fault.ms : 0);
    sendBody(res, status, headers, body, fault, wait, delay);
  };
  if (match.kind === 'not-found') return reply(404, errorBody(404), {});
  const rate = state.rateLimiter.take({ route: routeName, token, credential: entry.credential });
  const headers = rate.headers;
  if (!rate.allowed) return reply(429, errorBody(429), headers);
  if (entry.credential !== 'valid') return reply(401, errorBody(401), headers);
  if (match.kind === 'method-not-allowed') return reply(405, errorBody(405), headers);
  if (!state.storeActive) return reply(403, errorBody(403), headers);
  const route = match.route;
  if (route.name !== 'auth-me' && route.alias !== state.alias) {
    return reply(404, errorBody(404, 'Merchant not found.'), headers);
  }
  const paging = parsePaging(query);
  const clusterId = 'clusterId' in route ? route.clusterId : undefined;
  const fault = state.faults.take({ route: route.name, clusterId, page: paging.page });
  if (fault) {
    entry.fault = fault.kind;
    applyStateFault(state, fault, clusterId);
    if (fault.kind === 'hang') return;
    if (fault.kind === 'status') {
      const body = fault.body === undefined ? errorBody(fault.status) : phpJson(fault.body);
      return reply(fault.status, body, headers, fault);
    }
  }
  const cacheKey = `${token ?? ''}\u0000${req.url ?? ''}`;
  const useCache = method === 'GET' && query.get('skipCache') !== 'true';
  let body = useCache ? state.cache.get(cacheKey) : undefined;
  if (body === undefined) {
    const writer = state.pageWriters.borrow();
    body = renderRoute(state, baseUrl, route, paging, writer, stores);
    if (useCache) {
      // A cached body outlives this response: keep a copy and recycle the writer at once.
      if (body instanceof Buffer) body = Buffer.from(body);
      state.pageWriters.giveBack(writer);
      if (body !== undefined) state.cache.set(cacheKey, body);
    } else {
      // The socket reads the page straight from the writer's memory until the response is over.
      res.once('close', () => state.pageWriters.giveBack(writer));
    }
  }
  if (body === undefined) return reply(404, errorBody(404, 'Cluster not found.'), headers, fault);
  reply(200, body, headers, fault);
}

function renderRoute(
  state: MockState,
  baseUrl: string,
  route: MatchedRoute,
  paging: { page: number; limit: number },
  writer: AsciiWriter,
  stores: StoreSet,
): Body | undefined {
  const listUrl = `${baseUrl}/${state.alias}/customers/clusters`;
  switch (route.name) {
    case 'auth-me':
      return authMeBody(
        stores.reachedBy(state.credentials.userToken, state.credentials.userSecretKey),
      );
    case 'clusters':
      return clustersBody(state, { ...paging, selfUrl: listUrl });
    case 'cluster':
      return clusterBody(state, route.clusterId);
    case 'cluster-customers':
      return clusterCustomersBody(
        state,
        route.clusterId,
        {
          ...paging,
          selfUrl: `${listUrl}/${route.clusterId}/customers`,
        },
        writer,
      );
  }
}

/** Faults that change the simulated world before the request is served. */
function applyStateFault(state: MockState, fault: Fault, clusterId: number | undefined): void {
  if (clusterId === undefined || !state.store.members(clusterId)) return;
  if (fault.kind === 'drift') {
    state.store.churn(clusterId, { join: fault.join ?? 0, leave: fault.leave ?? 0 });
  } else if (fault.kind === 'delete-cluster') {
    state.store.delete(clusterId);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

function logRequest(state: MockState, entry: RequestLogEntry): void {
  const log = state.requests;
  if (log.length >= state.requestLogLimit) log.splice(0, Math.ceil(state.requestLogLimit / 2));
  log.push(entry);
}
