import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** What the receiver does with one request: answer with a status (and headers), or hang. */
export type Reply = { status: number; headers?: Record<string, string> } | 'hang';

/**
 * A real HTTP webhook receiver on loopback. `reply` decides each answer from the request and how
 * many times that `webhook-id` was seen before; a promise holds the answer back until it settles.
 * `requests` lists requests in arrival order (`status` 0 until answered).
 */
export async function startReceiver(
  reply: (id: string, attempt: number) => Reply | Promise<Reply> = () => ({ status: 204 }),
) {
  const requests: ReceivedRequest[] = [];
  const attempts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      const attempt = attempts.get(id) ?? 0;
      attempts.set(id, attempt + 1);
      const request: ReceivedRequest = { headers: req.headers, body, status: 0 };
      requests.push(request);
      void Promise.resolve(reply(id, attempt)).then((answer) => {
        if (answer === 'hang') return;
        request.status = answer.status;
        res.writeHead(answer.status, answer.headers).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/dooki`,
    requests,
    /** Requests answered 2xx, in arrival order. */
    accepted: () => requests.filter((r) => r.status >= 200 && r.status < 300),
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
