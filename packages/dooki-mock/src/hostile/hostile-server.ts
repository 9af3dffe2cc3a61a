import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parsePaging } from '../pagination.js';
import { errorBody, matchRoute } from '../routes.js';
import { createState, DEFAULT_ALIAS, DEFAULT_CREDENTIALS } from '../state.js';
import type { Credentials } from '../types.js';
import {
  BEHAVIOURS,
  DEFAULT_TUNING,
  jsonReply,
  type HostileBehaviour,
  type HostileTuning,
  type Reply,
  type Scene,
} from './behaviours.js';

/** Options of {@link startHostileServer}; only `behaviour` is required. */
export interface HostileServerOptions {
  behaviour: HostileBehaviour;
  /** Default `'demo-store'`, as the simulator. */
  alias?: string;
  /** The one cluster served. Default 1. */
  clusterId?: number;
  /** Members of that cluster (ids 1..n). Default 1000. */
  members?: number;
  /** Customer data seed, as the simulator's. Default 1. */
  seed?: number;
  /** Accepted credentials; others get 401. Default the simulator's. */
  credentials?: Credentials;
  tuning?: Partial<HostileTuning>;
  /** Hears each request as it arrives (e.g. to stop a client that never stops asking). */
  onRequest?: (request: HostileRequest, count: number) => void;
}

/** One request received, headers included, so a test can see what a client sent where. */
export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** As received, names in lower case (credentials included: this is a test double). */
  readonly headers: Readonly<Record<string, string>>;
  /** Status answered; 0 until then. */
  status: number;
  /** The whole response was handed to the socket. */
  finished: boolean;
  /** The client hung up before the response was complete (a body it chose not to read). */
  closedEarly: boolean;
}

/** A running hostile server. `await using` closes it at scope end. */
export interface HostileServer extends AsyncDisposable {
  readonly behaviour: HostileBehaviour;
  /** Base URL for clients, e.g. `http://127.0.0.1:40123/v2`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly alias: string;
  readonly clusterId: number;
  readonly credentials: Credentials;
  /** Every request so far, oldest first. Live array. */
  readonly requests: readonly HostileRequest[];
  /** Member ids now, ascending: the ground truth a consumer's output is judged by. */
  members(): number[];
  /** Every id served in a `data` array so far. */
  readonly servedIds: ReadonlySet<number>;
  /** `redirect-other-origin` only: the server the redirects point to (a well-behaved one). */
  readonly otherOrigin: HostileServer | undefined;
  /** Stops listening and destroys every connection, trickling ones included. */
  close(): Promise<void>;
}

/**
 * Starts a small HTTP server on 127.0.0.1 (random port) that speaks the Dooki API's
 * `GET /v2/{alias}/customers/clusters/{id}/customers` with one misbehaviour, serving the
 * simulator's customers in the simulator's page format.
 *
 * @example
 * await using server = await startHostileServer({ behaviour: 'page-ignored' });
 * // point a client at server.url, then look at server.requests
 */
export async function startHostileServer(options: HostileServerOptions): Promise<HostileServer> {
  const alias = options.alias ?? DEFAULT_ALIAS;
  const clusterId = options.clusterId ?? 1;
  const count = options.members ?? 1000;
  const credentials = { ...(options.credentials ?? DEFAULT_CREDENTIALS) };
  // The simulator's own store context, so customers are byte-identical to what it serves.
  const context = createState({ seed: options.seed ?? 1, alias, clusters: [], credentials });
  const otherOrigin =
    options.behaviour === 'redirect-other-origin'
      ? await startHostileServer({ ...options, behaviour: 'control', onRequest: undefined })
      : undefined;
  const scene: Scene = {
    context,
    clusterId,
    members: Array.from({ length: count }, (_, i) => i + 1),
    scans: 0,
    served: new Set(),
    tuning: { ...DEFAULT_TUNING, ...options.tuning },
  };
  const requests: HostileRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const raw = req.url ?? '/';
    const mark = raw.indexOf('?');
    const path = mark === -1 ? raw : raw.slice(0, mark);
    const query = new URLSearchParams(mark === -1 ? '' : raw.slice(mark + 1));
    const entry: HostileRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(query),
      headers: flatHeaders(req),
      status: 0,
      finished: false,
      closedEarly: false,
    };
    requests.push(entry);
    res.once('close', () => {
      entry.finished = res.writableFinished;
      entry.closedEarly = !res.writableFinished;
    });
    options.onRequest?.(entry, requests.length);
    const send = (reply: Reply): void => {
      entry.status = reply.kind === 'body' ? reply.status : 200;
      write(res, reply, timers);
    };
    if (options.behaviour === 'redirect-other-origin') {
      // Like a misconfigured proxy: every request, before any authentication.
      return send({
        kind: 'body',
        status: 302,
        body: '',
        headers: { Location: `${otherOrigin?.origin ?? ''}${raw}` },
      });
    }
    const route = matchRoute(entry.method, path);
    if (
      route.kind !== 'route' ||
      route.route.name !== 'cluster-customers' ||
      route.route.alias !== alias ||
      route.route.clusterId !== clusterId
    ) {
      return send(jsonReply(404, errorBody(404)));
    }
    if (
      entry.headers['user-token'] !== credentials.userToken ||
      entry.headers['user-secret-key'] !== credentials.userSecretKey
    ) {
      return send(jsonReply(401, errorBody(401)));
    }
    const { page, limit } = parsePaging(query);
    const selfUrl = `${origin}${path}`;
    send(BEHAVIOURS[options.behaviour](scene, { page, limit, selfUrl }));
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      // A bug here must surface as a 500, never as a hung test.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(errorBody(500, error instanceof Error ? error.message : 'Internal Server Error'));
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= Promise.all([
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
      otherOrigin?.close(),
    ]).then(() => undefined));

  return {
    behaviour: options.behaviour,
    url: `${origin}/v2`,
    origin,
    alias,
    clusterId,
    credentials,
    requests,
    members: () => [...scene.members],
    servedIds: scene.served,
    otherOrigin,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function write(res: ServerResponse, reply: Reply, timers: Set<NodeJS.Timeout>): void {
  switch (reply.kind) {
    case 'body': {
      const bytes = Buffer.from(reply.body, 'utf8');
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(bytes.length) });
      res.end(bytes);
      return;
    }
    case 'huge':
      return writeHuge(res, reply);
    case 'trickle': {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(reply.head);
      // Whitespace is valid JSON between tokens: the body is never wrong, only never done.
      const timer = setInterval(() => res.write(' '), reply.intervalMs);
      timers.add(timer);
      res.once('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
      return;
    }
  }
}

/** Streams the padding with backpressure, so the server's memory stays flat whatever the size. */
function writeHuge(res: ServerResponse, reply: Extract<Reply, { kind: 'huge' }>): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const length = Buffer.byteLength(reply.head) + reply.padBytes + Buffer.byteLength(reply.tail);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(length) });
  res.write(reply.head);
  let left = reply.padBytes;
  const pump = (): void => {
    while (left > 0) {
      if (res.destroyed) return;
      const size = Math.min(left, chunk.length);
      left -= size;
      if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(reply.tail);
  };
  pump();
}
