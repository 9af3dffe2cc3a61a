import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { watchCluster } from '../src/watch-cluster.js';
import { type ClusterReport } from '../src/watcher/scan-and-commit.js';
import { ALIAS, fastClient, openState, startMock } from './helpers/fixtures.js';
import { Capture, CREDENTIAL_ENV, FAST_FLAGS } from './helpers/cli.js';
import { runCli } from '../src/cli/run-cli.js';

describe('watchCluster()', () => {
  it('emits joins and confirmed leaves as scans repeat, then stops scanning on unsubscribe', async () => {
    await using api = await startMock({ clusters: [{ id: 5, size: 150 }] });
    const state = openState(':memory:');
    const reports: ClusterReport[] = [];
    let churned: { joined: number[]; left: number[] } | undefined;
    const changes = await firstValueFrom(
      watchCluster({
        client: fastClient(api),
        alias: ALIAS,
        clusterId: 5,
        state,
        intervalMs: 20,
        onReport: (report) => {
          reports.push(report);
          // Churn once, right after the silent baseline.
          if (report.outcome === 'baseline') churned = api.control.churn(5, { join: 2, leave: 1 });
        },
      }).pipe(take(3), toArray()),
    );
    expect(changes.map((c) => [c.type, c.customer_id])).toEqual([
      ...churned!.joined.map((id) => ['customer.joined', id]),
      ...churned!.left.map((id) => ['customer.left', id]),
    ]);
    const requestsAtStop = api.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(api.requests.length).toBe(requestsAtStop);
    expect(reports.map((r) => r.outcome)).toEqual(['baseline', 'complete', 'complete']);
  });

  it('completes after one cycle without intervalMs and errors when the credentials are refused', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 10 }] });
    const once = watchCluster({
      client: fastClient(api),
      alias: ALIAS,
      clusterId: 1,
      state: ':memory:',
      emitInitial: true,
    });
    expect(await firstValueFrom(once.pipe(toArray()))).toHaveLength(10);
    api.control.rotateCredentials();
    const refused = watchCluster({
      client: fastClient(api),
      alias: ALIAS,
      clusterId: 1,
      state: ':memory:',
    });
    await expect(firstValueFrom(refused.pipe(toArray()))).rejects.toMatchObject({
      code: 'DOOKI_ERR_AUTH',
    });
  });
});

describe('dooki-watch --interval (daemon)', () => {
  it('scans repeatedly, delivers as it goes, and exits 130 when interrupted', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 80 }] });
    const controller = new AbortController();
    const stdout = new Capture();
    const stderr = new Capture();
    const running = runCli(
      [
        '--alias',
        ALIAS,
        '--cluster',
        '1',
        '--interval',
        '30ms',
        '--state',
        ':memory:',
        '--base-url',
        api.url,
        ...FAST_FLAGS,
      ],
      {
        stdout,
        stderr,
        env: CREDENTIAL_ENV,
        signal: controller.signal,
      },
    );
    // Two scans (baseline and a quiet one) before the churn, however slow the machine is.
    while (!/scan #2 /.test(stderr.text)) await new Promise((resolve) => setTimeout(resolve, 10));
    const { joined } = api.control.churn(1, { join: 2 });
    while (stdout.lines().length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(await running).toBe(130);
    expect((stdout.lines() as { customer_id: number }[]).map((e) => e.customer_id)).toEqual(joined);
    expect(stderr.text.match(/scan #\d+/g)!.length).toBeGreaterThanOrEqual(3);
  });
});
