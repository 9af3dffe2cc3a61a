import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FleetMetrics } from './fleet-metrics.js';

/** Readiness of the parts a worker cannot work without. */
export interface HealthChecks {
  database: () => Promise<void>;
  jobEngine: () => Promise<void>;
}

export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;

/**
 * `/healthz` (200 only when the database and the job engine answer, else 503 with which part
 * failed) and `/metrics` (Prometheus text). Binds to 127.0.0.1 unless told otherwise: the
 * metrics name stores, which is not for the open internet.
 */
export async function startOpsServer(options: {
  port: number;
  host?: string;
  metrics: FleetMetrics;
  checks: HealthChecks;
}): Promise<OpsServer> {
  const { metrics, checks } = options;
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET') {
      response.writeHead(405).end();
    } else if (path === '/healthz') {
      void health(checks).then(({ ok, report }) => {
        response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        response.end(JSON.stringify(report));
      });
    } else if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => {
          response.writeHead(200, { 'content-type': metrics.registry.contentType });
          response.end(text);
        },
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(`metrics unavailable: ${(error as Error).message}\n`);
        },
      );
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function health(checks: HealthChecks) {
  const [database, jobEngine] = await Promise.all([
    settle(checks.database()),
    settle(checks.jobEngine()),
  ]);
  return { ok: database === 'ok' && jobEngine === 'ok', report: { database, jobEngine } };
}

/** `ok`, or the reason a check failed or did not answer in time. */
async function settle(check: Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer in ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.then(() => 'ok'), timeout]);
  } catch (error) {
    return (error as Error).message;
  } finally {
    clearTimeout(timer);
  }
}
