import type { IncomingMessage, ServerResponse } from 'node:http';
import { AdminError, adminRoutes, type Action } from './admin-routes.js';
import { UnknownClusterError } from './cluster-store.js';
import type { MockControl } from './control.js';
import type { MockState } from './state.js';

const MAX_BODY_BYTES = 16 << 20;

/**
 * The HTTP face of {@link MockControl} under `/__admin` (JSON in, JSON out; no auth, loopback only).
 * Not rate-limited, not logged in `requests`, untouched by faults.
 */
export function createAdminHandler(
  state: MockState,
  control: MockControl,
): (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => void {
  const routes = adminRoutes(state, control);
  return (req, res, path, query) => handle(routes, req, res, path, query);
}

function handle(
  routes: Map<string, Action>,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
): void {
  const sub = path.slice('/__admin'.length).replace(/\/$/, '');
  const idMatch = /\/(\d+)(?=\/|$)/.exec(sub);
  const key = `${req.method ?? 'GET'} ${sub.replace(/\/\d+(?=\/|$)/, '/:id')}`;
  const action = routes.get(key);
  readJson(req)
    .then((body) => {
      if (!action) throw new AdminError(404, `no admin route ${key}`);
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
