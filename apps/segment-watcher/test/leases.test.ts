import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { type StateBackend } from '../src/state/backend.js';
import { LEASE_TTL_SECONDS } from '../src/state/postgres/leases.js';
import { PostgresBackend } from '../src/state/postgres/backend.js';
import { BACKENDS, type BackendFixture } from './helpers/backends.js';
import {
  fastClient,
  memorySink,
  settingsFor,
  startMock,
  runCycleWith,
} from './helpers/fixtures.js';
import { createDatabase } from './helpers/postgres.js';

async function leaseFor(
  backend: BackendFixture,
  state: StateBackend,
  pid: number,
  host = hostname(),
): Promise<void> {
  const { clusterKey } = await state.cluster('demo-store', 1);
  await backend.plantLease(state, clusterKey, pid, host);
}

// These pin the lease rules in one process; regression/issue-9-delivery-lease.test.ts runs two real
// dooki-watch processes on one state.
describe.each(BACKENDS)('per-cluster scan lease on $name', (backend) => {
  it('leaves a cluster alone while another live watcher scans it', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 50 }] });
    const state = await backend.open();
    await leaseFor(backend, state, process.ppid); // a live process that is not us
    const { clusters } = await runCycleWith(settings(api, state), [1], [memorySink()]);
    expect(clusters[0]).toMatchObject({ outcome: 'incomplete', requests: 0 });
    expect(clusters[0]!.reason).toMatch(new RegExp(`pid ${process.ppid}`));
    expect(api.requests).toHaveLength(0);
    expect(await backend.query(state, 'SELECT count(*) AS n FROM scans')).toEqual([{ n: 0 }]);
  });

  it('takes over the lease of a watcher that was killed, and releases its own', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 50 }] });
    const state = await backend.open();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid; // exited already
    await leaseFor(backend, state, gone);
    const { clusters } = await runCycleWith(settings(api, state), [1], [memorySink()]);
    expect(clusters[0]!.outcome).toBe('baseline');
    expect(await backend.query(state, 'SELECT count(*) AS n FROM leases')).toEqual([{ n: 0 }]);
  });

  it('respects a recent lease from another host but not an old one', async () => {
    const state = await backend.open();
    const { clusterKey } = await state.cluster('demo-store', 1);
    await leaseFor(backend, state, 1, 'other-host');
    expect(await state.tryLease(clusterKey)).toBe('pid 1 on other-host');
    expect(await state.tryLease(clusterKey, new Date(Date.now() + 7 * 3_600_000))).toBeNull();
  });
});

function settings(api: Awaited<ReturnType<typeof startMock>>, state: StateBackend) {
  return settingsFor(fastClient(api), state);
}

describe('Postgres lease expiry', () => {
  it('renews a held lease until it is given back', async () => {
    const url = await createDatabase();
    const state = await PostgresBackend.open({ url, leaseRenewMs: 20 });
    onTestFinished(() => state.close());
    const { clusterKey } = await state.cluster('demo-store', 1);
    expect(await state.tryLease(clusterKey)).toBeNull();
    // Pretend the lease is about to run out: the holder's renewal pushes it a full TTL ahead.
    await state.pool.query(
      "UPDATE leases SET expires_at = now() + interval '1 second' WHERE cluster_key = $1",
      [clusterKey],
    );
    await vi.waitFor(
      async () => {
        const { rows } = await state.pool.query<{ left: number }>(
          'SELECT extract(epoch FROM expires_at - now())::float AS left FROM leases WHERE cluster_key = $1',
          [clusterKey],
        );
        expect(rows[0]!.left).toBeGreaterThan(LEASE_TTL_SECONDS / 2);
      },
      { timeout: 15_000, interval: 20 },
    );
    await state.releaseLease(clusterKey);
    const { rows } = await state.pool.query('SELECT * FROM leases');
    expect(rows).toEqual([]);
  });
});
