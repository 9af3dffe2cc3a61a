import { createServer } from 'node:http';
import { createAdminHandler, type StoreAdmin } from './admin.js';
import type { Socket } from 'node:net';
import { handleApiRequest } from './api-handler.js';
import { createControl, windowsOf, type MockControl } from './control.js';
import { errorBody } from './routes.js';
import type { MockState } from './state.js';
import { createStores } from './stores.js';
import type { Credentials, MockApiOptions, RequestLogEntry } from './types.js';

/** One store of a running simulator (see the `stores` option). */
export interface MockStore {
  readonly alias: string;
  /** The credentials of this store right now (valid on this alias only, unless revoked). */
  readonly credentials: Credentials;
  /** Drives this store only; its `resetRequests()` drops only this store's log entries. */
  readonly control: MockControl;
  /** This store's HTTP control API, e.g. `http://127.0.0.1:40123/__admin/stores/store-001`. */
  readonly adminUrl: string;
  /** The request-log entries naming this alias, oldest first (a snapshot, not live). */
  readonly requests: RequestLogEntry[];
}

/** A running simulator. `await using api = await startMockApi()` closes it at scope end. */
export interface MockApi extends AsyncDisposable {
  /** Base URL for clients, e.g. `http://127.0.0.1:40123/v2`. */
  readonly url: string;
  /** Base of the HTTP control API, e.g. `http://127.0.0.1:40123/__admin`. */
  readonly adminUrl: string;
  readonly port: number;
  readonly alias: string;
  /** The default store's credentials right now (they change with `rotateCredentials`). */
  readonly credentials: Credentials;
  /** Drives the default (first) store; its `resetRequests()` empties the whole log. */
  readonly control: MockControl;
  /** Every API request so far, of every store (admin calls excluded), oldest first. Live array. */
  readonly requests: RequestLogEntry[];
  /** Every store, in the order given (one store unless the `stores` option was used). */
  readonly stores: readonly MockStore[];
  /** The store with this alias; a RangeError for an unknown one. */
  store(alias: string): MockStore;
  /** Stops listening and destroys every open connection, hung ones included. */
  close(): Promise<void>;
}

/**
 * Starts the Dooki API simulator on a real HTTP port (127.0.0.1, ephemeral by default).
 *
 * @example
 * await using api = await startMockApi({ seed: 7, clusters: [{ id: 1, size: 5_000_000 }] });
 * const res = await fetch(`${api.url}/demo-store/customers/clusters/1/customers?limit=100`, {
 *   headers: { 'User-Token': 'mock-user-token', 'User-Secret-Key': 'mock-user-secret-key' },
 * });
 */
export async function startMockApi(options: MockApiOptions = {}): Promise<MockApi> {
  const stores = createStores(options);
  const { requests } = stores.shared;
  const primary: StoreAdmin = {
    state: stores.primary,
    // The default store's control speaks for the whole server where a store's speaks for itself.
    control: createControl(stores.primary, undefined, () => stores.list.flatMap(windowsOf)),
    requestLog: () => requests,
  };
  const storeAdmins = new Map(stores.list.map((state) => [state.alias, storeAdmin(state)]));
  const admin = createAdminHandler(stores, primary, storeAdmins);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl = '';
  const delay = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const server = createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
    const raw = req.url ?? '/';
    const mark = raw.indexOf('?');
    const path = mark === -1 ? raw : raw.slice(0, mark);
    const query = new URLSearchParams(mark === -1 ? '' : raw.slice(mark + 1));
    try {
      if (path === '/__admin' || path.startsWith('/__admin/')) {
        return admin(req, res, path, query);
      }
      if (path.startsWith('/v2/')) {
        return handleApiRequest(stores, baseUrl, req, res, path, query, delay);
      }
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(errorBody(404));
    } catch (error) {
      // A bug in the simulator must surface as a 500, never as a hung test.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(errorBody(500, error instanceof Error ? error.message : 'Internal Server Error'));
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  baseUrl = `${origin}/v2`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }));
  const adminUrl = `${origin}/__admin`;
  const storeViews = new Map(
    [...storeAdmins.values()].map((entry) => [entry.state.alias, storeView(entry, adminUrl)]),
  );
  return {
    url: baseUrl,
    adminUrl,
    port,
    alias: stores.primary.alias,
    get credentials() {
      return { ...stores.primary.credentials };
    },
    control: primary.control,
    requests,
    stores: [...storeViews.values()],
    store: (alias) => {
      const view = storeViews.get(alias);
      if (!view) throw new RangeError(`unknown store "${alias}"`);
      return view;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A store's control and admin view; its log is the shared log's entries naming its alias. */
function storeAdmin(state: MockState): StoreAdmin {
  const { alias, requests } = state;
  const requestLog = (): RequestLogEntry[] => requests.filter((entry) => entry.alias === alias);
  const dropOwnEntries = (): void => {
    let kept = 0;
    for (const entry of requests) if (entry.alias !== alias) requests[kept++] = entry;
    requests.length = kept;
  };
  return { state, control: createControl(state, dropOwnEntries), requestLog };
}

function storeView({ state, control, requestLog }: StoreAdmin, adminUrl: string): MockStore {
  return {
    alias: state.alias,
    get credentials() {
      return { ...state.credentials };
    },
    control,
    adminUrl: `${adminUrl}/stores/${encodeURIComponent(state.alias)}`,
    get requests() {
      return requestLog();
    },
  };
}
