// The `/__admin` route table: each entry maps `METHOD /path` to a MockControl call.
import type { MockControl } from './control.js';
import type { MockState } from './state.js';
import type { StoreSet } from './stores.js';
import type { Credentials, FaultRule, RateLimitOptions, RequestLogEntry } from './types.js';

/** Raised for a bad admin call; becomes a JSON error with this status. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;
export type Action = (input: { id: number; body: unknown; query: URLSearchParams }) => unknown;

/**
 * `METHOD /path` (with `:id` for a numeric segment) → action on one store. `requestLog` is what
 * `GET /requests` shows: the whole log for the default routes, the store's entries under
 * `/stores/:alias`; `GET /rate-windows` follows the control (every store's, or the store's).
 */
export function adminRoutes(
  state: MockState,
  control: MockControl,
  requestLog: () => RequestLogEntry[],
): Map<string, Action> {
  const obj = (body: unknown): Body =>
    typeof body === 'object' && body !== null ? (body as Body) : {};
  const ids = (body: unknown): number[] => {
    const list = obj(body).ids;
    if (!Array.isArray(list)) throw new AdminError(400, 'body must be {"ids": [number, ...]}');
    return list as number[];
  };
  return new Map<string, Action>([
    [
      'GET /state',
      () => ({
        step: control.step,
        alias: state.alias,
        storeActive: state.storeActive,
        credentialsRevoked: state.credentialsRevoked,
        quirks: state.quirks,
        clusters: state.store
          .list()
          .map((c) => ({ id: c.id, name: c.name, memberCount: control.memberCount(c.id) })),
      }),
    ],
    [
      'GET /clusters/:id/members',
      ({ id, query }) => {
        const offset = Number(query.get('offset') ?? 0);
        const limit = Number(query.get('limit') ?? Number.MAX_SAFE_INTEGER);
        const members = state.store.require(id);
        return {
          clusterId: id,
          step: control.step,
          count: members.count,
          members: members.slice(offset, limit),
        };
      },
    ],
    ['POST /clusters/:id/churn', ({ id, body }) => control.churn(id, obj(body))],
    [
      'POST /clusters/:id/add',
      ({ id, body }) => (control.addMembers(id, ids(body)), { count: control.memberCount(id) }),
    ],
    [
      'POST /clusters/:id/remove',
      ({ id, body }) => (control.removeMembers(id, ids(body)), { count: control.memberCount(id) }),
    ],
    ['POST /clusters/:id/delete', ({ id }) => (control.deleteCluster(id), { deleted: id })],
    ['GET /customers/:id', ({ id }) => control.customer(id)],
    [
      'POST /faults',
      ({ body }) => {
        // JSON has no Infinity: accept null or "Infinity" for "every matching request".
        const { times, ...rule } = obj(body) as { times?: unknown };
        const count = times === null || times === 'Infinity' ? Infinity : times;
        control.addFault({ ...(rule as unknown as FaultRule), times: count as number | undefined });
        return { added: true };
      },
    ],
    ['DELETE /faults', () => (control.clearFaults(), { cleared: true })],
    [
      'POST /rotate',
      ({ body }) => {
        const next = obj(body);
        return control.rotateCredentials(
          'userToken' in next ? (next as unknown as Credentials) : undefined,
        );
      },
    ],
    ['POST /revoke', () => (control.revokeCredentials(), { revoked: true })],
    ['POST /reinstate', () => (control.reinstateCredentials(), { revoked: false })],
    [
      'POST /store-active',
      ({ body }) => {
        const active = obj(body).active;
        if (typeof active !== 'boolean')
          throw new AdminError(400, 'body must be {"active": boolean}');
        control.setStoreActive(active);
        return { active };
      },
    ],
    [
      'POST /rate-limit',
      ({ body }) => {
        const options =
          body === false || obj(body).enabled === false
            ? false
            : (obj(body) as unknown as RateLimitOptions);
        control.setRateLimit(options);
        return { rateLimit: options };
      },
    ],
    ['POST /quirks', ({ body }) => (control.setQuirks(obj(body)), state.quirks)],
    [
      'POST /clock',
      ({ body }) => {
        const ms = Number(obj(body).advanceMs);
        control.advanceClock(ms);
        return { advancedMs: ms };
      },
    ],
    ['GET /requests', () => ({ requests: requestLog() })],
    ['GET /rate-windows', () => ({ windows: control.rateWindows() })],
    ['DELETE /requests', () => (control.resetRequests(), { cleared: true })],
  ]);
}

/** `GET /stores`: every store with its current credentials (loopback-only mock secrets). */
export function storesSummary(stores: StoreSet): unknown {
  return {
    stores: stores.list.map((state) => ({
      alias: state.alias,
      credentials: { ...state.credentials },
      storeActive: state.storeActive,
      credentialsRevoked: state.credentialsRevoked,
      clusters: state.store
        .list()
        .map((c) => ({ id: c.id, name: c.name, memberCount: state.store.require(c.id).count })),
    })),
  };
}
