// A local HTTP server that n8n's HTTP Request nodes post to: the test's view of what a
// workflow delivered. Every POST body is parsed as JSON and kept, by path, in arrival order.
import { createServer, type Server } from 'node:http';

export interface Sink {
  /** `http://127.0.0.1:<port>`; post to `${url}/<channel>`. */
  url: string;
  /** The JSON bodies received on a channel (`/events` → `events`), in arrival order. */
  received(channel: string): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const channels = new Map<string, Array<Record<string, unknown>>>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const channel = (request.url ?? '/').split('?')[0]!.replace(/^\//, '');
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        channels.set(channel, [...(channels.get(channel) ?? []), body]);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received: (channel) => [...(channels.get(channel) ?? [])],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Re-checks `condition` until it holds or `timeoutMs` passed, then throws with `describe()`:
 * the tests wait for what n8n delivers without asserting how long it took.
 */
export async function waitFor(
  label: string,
  condition: () => boolean,
  describe: () => unknown,
  timeoutMs = 150_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(
        `gave up waiting for ${label}; last seen: ${JSON.stringify(describe(), null, 1)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
