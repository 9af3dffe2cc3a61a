import { afterEach, describe, expect, it } from 'vitest';
import { FleetMetrics } from '../../src/fleet/fleet-metrics.js';
import { startOpsServer, type OpsServer } from '../../src/fleet/ops-server.js';

let server: OpsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const outbox = () =>
  Promise.resolve([
    { store: 'loja-a', depth: 3, oldestAgeSeconds: 42 },
    { store: 'loja-b', depth: 0, oldestAgeSeconds: 0 },
  ]);

describe('the ops server', () => {
  it('is ready only when the database and the job engine both answer', async () => {
    let jobEngineUp = false;
    server = await startOpsServer({
      port: 0,
      metrics: new FleetMetrics(outbox),
      checks: {
        database: () => Promise.resolve(),
        jobEngine: () =>
          jobEngineUp
            ? Promise.resolve()
            : Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      },
    });
    const down = await fetch(`${server.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      database: 'ok',
      jobEngine: 'connect ECONNREFUSED 127.0.0.1:5432',
    });
    jobEngineUp = true;
    const up = await fetch(`${server.url}/healthz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ database: 'ok', jobEngine: 'ok' });
  });

  it('serves per-store metrics in Prometheus format, the outbox read at scrape time', async () => {
    const metrics = new FleetMetrics(outbox);
    metrics.scans.inc({ store: 'loja-a', outcome: 'committed' }, 2);
    metrics.rateLimited.inc({ store: 'loja-b' });
    server = await startOpsServer({
      port: 0,
      metrics,
      checks: { database: () => Promise.resolve(), jobEngine: () => Promise.resolve() },
    });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('dooki_watch_scans_total{store="loja-a",outcome="committed"} 2');
    expect(text).toContain('dooki_watch_api_rate_limited_total{store="loja-b"} 1');
    expect(text).toContain('dooki_watch_outbox_depth{store="loja-a"} 3');
    expect(text).toContain('dooki_watch_outbox_oldest_age_seconds{store="loja-a"} 42');
    expect(text).toContain('dooki_watch_process_resident_memory_bytes');
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });
});
