import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { acquireLease, ClusterBusyError } from '../src/state/leases.js';
import { runCycle } from '../src/watcher/run-cycle.js';
import { fastClient, memorySink, openState, settingsFor, startMock } from './helpers/fixtures.js';

function leaseFor(state: ReturnType<typeof openState>, pid: number, host = hostname()): void {
  const { clusterKey } = state.cluster('demo-store', 1);
  state.db
    .prepare(
      'INSERT OR REPLACE INTO leases (cluster_key, pid, host, acquired_at) VALUES (?, ?, ?, ?)',
    )
    .run(clusterKey, pid, host, new Date().toISOString());
}

// These pin the lease rules in one process; regression/issue-9-delivery-lease.test.ts runs two real
// dooki-watch processes on one state file.
describe('per-cluster scan lease', () => {
  it('leaves a cluster alone while another live watcher scans it', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 50 }] });
    const state = openState(':memory:');
    leaseFor(state, process.ppid); // a live process that is not us
    const { clusters } = await runCycle(settings(api, state), [1], [memorySink()]);
    expect(clusters[0]).toMatchObject({ outcome: 'incomplete', requests: 0 });
    expect(clusters[0]!.reason).toMatch(new RegExp(`pid ${process.ppid}`));
    expect(api.requests).toHaveLength(0);
    expect(state.db.prepare('SELECT count(*) AS n FROM scans').get()).toEqual({ n: 0 });
  });

  it('takes over the lease of a watcher that was killed, and releases its own', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 50 }] });
    const state = openState(':memory:');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid; // exited already
    leaseFor(state, gone);
    const { clusters } = await runCycle(settings(api, state), [1], [memorySink()]);
    expect(clusters[0]!.outcome).toBe('baseline');
    expect(state.db.prepare('SELECT count(*) AS n FROM leases').get()).toEqual({ n: 0 });
  });

  it('respects a recent lease from another host but not an old one', () => {
    const state = openState(':memory:');
    const { clusterKey } = state.cluster('demo-store', 1);
    leaseFor(state, 1, 'other-host');
    expect(() => acquireLease(state, clusterKey)).toThrow(ClusterBusyError);
    expect(() =>
      acquireLease(state, clusterKey, new Date(Date.now() + 7 * 3_600_000)),
    ).not.toThrow();
  });
});

function settings(api: Awaited<ReturnType<typeof startMock>>, state: ReturnType<typeof openState>) {
  return settingsFor(fastClient(api), state);
}
