// A tiny HTTP server on 127.0.0.1 whose every answer the test scripts: for the misbehaviour
// the simulator cannot fake (redirects, endless bodies, lying pagination).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileServer extends AsyncDisposable {
  url: string;
  origin: string;
  /** Every request received, in order, with its headers. */
  requests: { path: string; page: number; headers: IncomingMessage['headers'] }[];
}

export type HostileHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  page: number,
) => void;

export async function startHostile(handler: HostileHandler): Promise<HostileServer> {
  const requests: HostileServer['requests'] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const page = Number(url.searchParams.get('page') ?? 1);
    requests.push({ path: url.pathname, page, headers: request.headers });
    handler(request, response, page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/v2`,
    origin,
    requests,
    [Symbol.asyncDispose]: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Dooki-shaped page of customers `ids`, with the pagination meta given. */
export function pageBody(
  ids: readonly number[],
  meta: { total: number; currentPage: number; totalPages: number; perPage?: number },
): string {
  return JSON.stringify({
    data: ids.map((id) => ({ id, name: `Customer ${id}`, email: `c${id}@example.com` })),
    meta: {
      pagination: {
        total: meta.total,
        count: ids.length,
        per_page: meta.perPage ?? 10,
        current_page: meta.currentPage,
        total_pages: meta.totalPages,
        links: [],
      },
    },
  });
}

/** Ids of page `page` of a cluster `1..total`, `perPage` a page. */
export function idsOfPage(page: number, total: number, perPage = 10): number[] {
  const first = (page - 1) * perPage + 1;
  return Array.from(
    { length: Math.max(0, Math.min(perPage, total - first + 1)) },
    (_, i) => first + i,
  );
}

export function sendJson(response: ServerResponse, body: string, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
}
