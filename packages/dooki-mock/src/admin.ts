import type { IncomingMessage, ServerResponse } from 'node:http';
import { AdminError, adminRoutes, storesSummary, type Action } from './admin-routes.js';
import { UnknownClusterError } from './cluster-store.js';
import type { MockControl } from './control.js';
import type { MockState } from './state.js';
import type { StoreSet } from './stores.js';
import type { RequestLogEntry } from './types.js';

const MAX_BODY_BYTES = 16 << 20;

/** A store's admin routes plus the control behind them. */
export interface StoreAdmin {
  readonly state: MockState;
  readonly control: MockControl;
  readonly requestLog: () => RequestLogEntry[];
}

/**
 * The HTTP face of {@link MockControl} under `/__admin` (JSON in, JSON out; no auth, loopback only).
 * `/__admin/<route>` drives the default store, `/__admin/stores/<alias>/<route>` any store, and
 * `GET /__admin/stores` lists them. Not rate-limited, not logged in `requests`, untouched by faults.
 */
export function createAdminHandler(
  stores: StoreSet,
  primary: StoreAdmin,
  byAlias: ReadonlyMap<string, StoreAdmin>,
): (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => void {
  const tables = new Map<StoreAdmin, Map<string, Action>>();
  const routesOf = (admin: StoreAdmin): Map<string, Action> => {
    let table = tables.get(admin);
    if (!table) {
      table = adminRoutes(admin.state, admin.control, admin.requestLog);
      tables.set(admin, table);
    }
    return table;
  };
  return (req, res, path, query) => {
    const sub = path.slice('/__admin'.length).replace(/\/$/, '');
    if (sub === '/stores') {
      const list = new Map<string, Action>([['GET /stores', () => storesSummary(stores)]]);
      return handle(list, req, res, sub, query);
    }
    const scoped = /^\/stores\/([^/]+)(\/.*)?$/.exec(sub);
    if (!scoped) return handle(routesOf(primary), req, res, sub, query);
    const alias = decodeURIComponent(scoped[1] ?? '');
    const admin = byAlias.get(alias);
    if (!admin) return handle(new Map(), req, res, sub, query, `unknown store "${alias}"`);
    handle(routesOf(admin), req, res, scoped[2] ?? '', query);
  };
}

function handle(
  routes: Map<string, Action>,
  req: IncomingMessage,
  res: ServerResponse,
  sub: string,
  query: URLSearchParams,
  notFound?: string,
): void {
  const idMatch = /\/(\d+)(?=\/|$)/.exec(sub);
  const key = `${req.method ?? 'GET'} ${sub.replace(/\/\d+(?=\/|$)/, '/:id')}`;
  const action = routes.get(key);
  readJson(req)
    .then((body) => {
      if (!action) throw new AdminError(404, notFound ?? `no admin route ${key}`);
      return action({ id: Number(idMatch?.[1] ?? 0), body, query });
    })
    .then(
      (result) => reply(res, 200, result ?? {}),
      (error: unknown) => {
        const status =
          error instanceof AdminError
            ? error.status
            : error instanceof UnknownClusterError
              ? 404
              : error instanceof RangeError ||
                  error instanceof TypeError ||
                  error instanceof SyntaxError
                ? 400
                : 500;
        reply(res, status, { message: error instanceof Error ? error.message : String(error) });
      },
    );
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new AdminError(413, 'admin request body too large'));
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch {
        reject(new AdminError(400, 'admin request body is not valid JSON'));
      }
    });
  });
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed) return;
  const body = JSON.stringify(payload, (_key, value: unknown) =>
    value === Infinity ? 'Infinity' : value,
  );
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
