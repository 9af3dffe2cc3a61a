import { createServer, request, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of the simulator that rewrites customers in
 * list responses, for content the simulator never generates (formula
 * payloads, quotes, line breaks). Everything else passes through unchanged.
 */
export const startRewritingProxy = async (
  target: string,
  rewrite: (customer: Record<string, unknown>) => void,
): Promise<{ url: string } & AsyncDisposable> => {
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    const path = `${upstream.pathname}${incoming.url!.slice(upstream.pathname.length)}`;
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path,
        method: incoming.method,
        headers: incoming.headers,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          const json = JSON.parse(body) as { data?: unknown };
          if (response.statusCode === 200 && Array.isArray(json.data)) {
            for (const customer of json.data as Record<string, unknown>[]) rewrite(customer);
          }
          const text = JSON.stringify(json);
          outgoing.writeHead(response.statusCode ?? 502, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          });
          outgoing.end(text);
        });
      },
    );
    incoming.pipe(forwarded);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    [Symbol.asyncDispose]: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
};
