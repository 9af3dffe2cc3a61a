import { afterEach, describe, expect, it } from 'vitest';
import { FleetMetrics } from '../../src/fleet/fleet-metrics.js';
import { startOpsServer, type OpsServer } from '../../src/fleet/ops-server.js';

let server: OpsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const STORES = ['loja-a', 'loja-b', 'loja-c'].map((alias) => ({ alias, intervalMs: 60_000 }));
const figures = () =>
  Promise.resolve({
    outbox: [{ store: 'loja-a', depth: 3, oldestAgeSeconds: 42 }],
    quarantined: ['loja-b'],
  });
const okChecks = { database: () => Promise.resolve(), jobEngine: () => Promise.resolve() };

describe('the ops server', () => {
  it('is ready only when the database and the job engine both answer', async () => {
    let jobEngineUp = false;
    server = await startOpsServer({
      port: 0,
      metrics: new FleetMetrics(STORES, figures),
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

  it('serves per-store metrics in Prometheus format, the database read at scrape time', async () => {
    const metrics = new FleetMetrics(STORES, figures);
    metrics.scans.inc({ store: 'loja-a', outcome: 'complete' }, 2);
    metrics.rateLimited.inc({ store: 'loja-b' });
    metrics.scanCompleted('loja-a', 7, new Date(1_700_000_000_000));
    server = await startOpsServer({ port: 0, metrics, checks: okChecks });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('dooki_watch_scans_total{store="loja-a",outcome="complete"} 2');
    expect(text).toContain('dooki_watch_api_rate_limited_total{store="loja-b"} 1');
    expect(text).toContain('dooki_watch_api_rate_limited_total{store="loja-c"} 0');
    expect(text).toContain('dooki_watch_scan_interval_seconds{store="loja-c"} 60');
    expect(text).toContain(
      'dooki_watch_last_complete_scan_timestamp_seconds{store="loja-a",cluster="7"} 1700000000',
    );
    // Every configured store has the database gauges, at 0 when it has nothing.
    expect(text).toContain('dooki_watch_outbox_depth{store="loja-a"} 3');
    expect(text).toContain('dooki_watch_outbox_depth{store="loja-c"} 0');
    expect(text).toContain('dooki_watch_outbox_oldest_age_seconds{store="loja-a"} 42');
    expect(text).toContain('dooki_watch_outbox_oldest_age_seconds{store="loja-b"} 0');
    expect(text).toContain('dooki_watch_store_quarantined{store="loja-b"} 1');
    expect(text).toContain('dooki_watch_store_quarantined{store="loja-a"} 0');
    expect(text).toContain('dooki_watch_metrics_collect_errors_total 0');
    expect(text).toContain('dooki_watch_process_resident_memory_bytes');
    expect(text).toContain('dooki_watch_nodejs_active_handles{');
    expect(text).not.toMatch(/^# TYPE \S+_total gauge$/m);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

  it('answers 200 when the database read fails or hangs: its gauges left out, the error counted', async () => {
    let database: 'up' | 'failing' | 'hanging' = 'failing';
    let reads = 0;
    const metrics = new FleetMetrics(
      STORES,
      () => {
        reads += 1;
        if (database === 'failing') return Promise.reject(new Error('connect ECONNREFUSED'));
        return database === 'up' ? figures() : new Promise<never>(() => undefined);
      },
      { databaseTimeoutMs: 300 },
    );
    metrics.scans.inc({ store: 'loja-a', outcome: 'complete' });
    server = await startOpsServer({ port: 0, metrics, checks: okChecks });
    const scrape = async () => {
      const response = await fetch(`${server!.url}/metrics`);
      return { status: response.status, text: await response.text() };
    };
    const failed = await scrape();
    expect(failed.status).toBe(200);
    expect(failed.text).toContain('dooki_watch_scans_total{store="loja-a",outcome="complete"} 1');
    expect(failed.text).not.toMatch(/^dooki_watch_(outbox_depth|store_quarantined)\{/m);
    // One read and one error per scrape, however many gauges need the figures.
    expect(reads).toBe(1);
    expect(failed.text).toContain('dooki_watch_metrics_collect_errors_total 1');
    database = 'hanging';
    const hung = await scrape();
    expect(hung.status).toBe(200);
    expect(hung.text).toContain('dooki_watch_metrics_collect_errors_total 2');
    expect(hung.text).not.toMatch(/^dooki_watch_outbox_depth\{/m);
    // The read still hanging is shared by the next scrape, not started again.
    expect((await scrape()).text).toContain('dooki_watch_metrics_collect_errors_total 3');
    expect(reads).toBe(2);
  });
});
