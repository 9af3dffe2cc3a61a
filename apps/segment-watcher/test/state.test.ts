import { type ClusterChange } from '../src/events.js';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { refusingPort } from '@clusterstream/dooki-mock/hostile';
import {
  diffMembership,
  EMPTY_SNAPSHOT,
  resolveTruthRules,
  type MembershipDiff,
} from '@clusterstream/core/membership';
import { type StateBackend } from '../src/state/backend.js';
import { StaleSnapshotError, type CommitInput, type ScanRecord } from '../src/state/commit-plan.js';
import { PostgresBackend } from '../src/state/postgres/backend.js';
import { POSTGRES_SCHEMA_VERSION } from '../src/state/postgres/migrations.js';
import { StateFileError, StateVersionError } from '../src/state/errors.js';
import { SCHEMA_VERSION } from '../src/state/sqlite/migrations.js';
import { SqliteBackend } from '../src/state/sqlite/backend.js';
import { openState } from '../src/state/sqlite/connection.js';
import { type ClusterRow } from '../src/state/types.js';
import { deliverPending } from '../src/watcher/deliver.js';
import { BACKENDS } from './helpers/backends.js';
import { memorySink, tempDir } from './helpers/fixtures.js';
import { createDatabase } from './helpers/postgres.js';
import { observe } from './helpers/snapshots.js';

const record = (): ScanRecord => ({
  startedAt: new Date('2026-11-28T10:00:00Z'),
  finishedAt: new Date('2026-11-28T10:01:00Z'),
  pages: 1,
  requests: 1,
  uniqueItems: 0,
  total: 0,
});

async function commitIds(state: StateBackend, ids: number[], emitJoins = true) {
  const cluster = await state.cluster('demo-store', 9);
  await state.clearStaged(cluster.clusterKey);
  const previous = await state.loadSnapshot(cluster.clusterKey);
  const scan = observe(ids);
  await state.stage(
    cluster.clusterKey,
    ids
      .filter((id) => !previous.ids.includes(id))
      .map((id) => ({ customerId: id, hash: id, payload: JSON.stringify({ id, name: `n${id}` }) })),
  );
  const diff = diffMembership(previous, scan, resolveTruthRules({ maxLeaveFraction: 1 }));
  return state.commitScan({
    cluster,
    record: record(),
    diff,
    stable: true,
    emitJoins,
    emitUpdates: false,
    hashFields: ['name'],
  });
}

/** A commit of `diff` that emits joins, as a scan of `name` hashes. */
function commitInput(cluster: ClusterRow, diff: MembershipDiff): CommitInput {
  return {
    cluster,
    record: record(),
    diff,
    stable: true,
    emitJoins: true,
    emitUpdates: false,
    hashFields: ['name'],
  };
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

describe('state schema', () => {
  it('creates the versioned schema once and reopens without migrating again', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'state.db');
    const first = openState(path);
    await commitIds(new SqliteBackend(first), [1, 2]);
    first.close();
    const again = openState(path);
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(again.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect([...again.loadSnapshot(again.cluster('demo-store', 9).clusterKey).ids]).toEqual([1, 2]);
    again.close();
  });

  it('refuses a state file written by a newer schema', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openState(path)).toThrow(StateVersionError);
  });
});

describe.each(BACKENDS)('commitScan on $name', (backend) => {
  it('writes snapshot, scan history and outbox events together', async () => {
    const state = await backend.open();
    const baseline = await commitIds(state, [1, 2, 3], false);
    const silent = { joined: 0, left: 0, updated: 0 };
    expect(baseline).toEqual({ scanNo: 1, outcome: 'baseline', events: 0, emitted: silent });
    const second = await commitIds(state, [1, 2, 4]);
    expect(second).toMatchObject({ events: 1, emitted: { ...silent, joined: 1 } });
    const third = await commitIds(state, [1, 2, 4]);
    expect(third).toEqual({
      scanNo: 3,
      outcome: 'complete',
      events: 1,
      emitted: { ...silent, left: 1 },
    });
    const events = (await state.outbox.pending(10)).map(
      (event) => JSON.parse(event.body) as ClusterChange,
    );
    expect(events.map((e) => [e.type, e.customer_id, e.scan])).toEqual([
      ['customer.joined', 4, 2],
      ['customer.left', 3, 3],
    ]);
    // The left event carries the payload stored when the customer was last seen.
    expect(events[1]!.data).toEqual({ id: 3, name: 'n3' });
    const scans = await backend.query(
      state,
      'SELECT scan_no, outcome, joins, leaves, pending FROM scans ORDER BY scan_no',
    );
    expect(scans).toEqual([
      { scan_no: 1, outcome: 'baseline', joins: 3, leaves: 0, pending: 0 },
      { scan_no: 2, outcome: 'complete', joins: 1, leaves: 0, pending: 1 },
      { scan_no: 3, outcome: 'complete', joins: 0, leaves: 1, pending: 0 },
    ]);
    expect(await backend.query(state, 'SELECT count(*) AS n FROM staged')).toEqual([{ n: 0 }]);
  });

  it('rolls everything back when the transaction fails half-way', async () => {
    const state = await backend.open();
    await commitIds(state, [1, 2, 3], false);
    // Sabotage the scan history insert, which runs after the member and outbox writes.
    await backend.sabotageScanHistory(state);
    await expect(commitIds(state, [1, 2, 3, 4])).rejects.toThrow(/disk full/);
    expect(await state.outbox.pendingCount()).toBe(0);
    const cluster = await state.cluster('demo-store', 9);
    expect([...(await state.loadSnapshot(cluster.clusterKey)).ids]).toEqual([1, 2, 3]);
    expect(cluster.lastScan).toBe(1);
  });

  it('records an incomplete scan without touching the snapshot', async () => {
    const state = await backend.open();
    await commitIds(state, [1, 2], false);
    const cluster = await state.cluster('demo-store', 9);
    await state.stage(cluster.clusterKey, [{ customerId: 5, hash: 5, payload: '{"id":5}' }]);
    expect(await state.recordIncompleteScan(cluster, { ...record(), detail: 'boom' })).toBe(2);
    expect([...(await state.loadSnapshot(cluster.clusterKey)).ids]).toEqual([1, 2]);
    expect(await backend.query(state, 'SELECT count(*) AS n FROM staged')).toEqual([{ n: 0 }]);
    expect(await state.outbox.pendingCount()).toBe(0);
  });

  it('refuses to commit a diff computed against a snapshot another watcher has since replaced', async () => {
    const state = await backend.open();
    await commitIds(state, [1, 2], false);
    const stale = await state.cluster('demo-store', 9);
    const diff = diffMembership(
      await state.loadSnapshot(stale.clusterKey),
      observe([1, 2, 3]),
      resolveTruthRules(),
    );
    await commitIds(state, [1, 2, 3]); // the other watcher wins
    const input = commitInput(stale, diff);
    await expect(state.commitScan(input)).rejects.toThrow(StaleSnapshotError);
    expect(await state.outbox.pendingCount()).toBe(1); // only the winner's join
  });

  it('never inserts the same event twice', async () => {
    const state = await backend.open();
    const cluster = await state.cluster('demo-store', 9);
    const diff = diffMembership(EMPTY_SNAPSHOT, observe([1]), resolveTruthRules());
    await state.stage(cluster.clusterKey, [{ customerId: 1, hash: 1, payload: '{"id":1}' }]);
    const input = commitInput(cluster, diff);
    expect((await state.commitScan(input)).emitted).toEqual({ joined: 1, left: 0, updated: 0 });
    // Replaying the same commit for the same scan number (e.g. a restored backup) is a no-op for the outbox.
    await backend.query(state, 'UPDATE clusters SET last_scan = 0');
    const replay = await state.commitScan(input);
    // `emitted` counts rows written, not rows planned.
    expect(replay).toMatchObject({ events: 0, emitted: { joined: 0, left: 0, updated: 0 } });
    expect(await state.outbox.pendingCount()).toBe(1);
  });
});

describe.each(BACKENDS)('Outbox on $name', (backend) => {
  it('hands out events in order and forgets them only once marked delivered', async () => {
    const state = await backend.open();
    await commitIds(state, [], false);
    await commitIds(state, [1, 2, 3]);
    const { outbox } = state;
    const [first, ...rest] = await outbox.pending(10);
    await outbox.markDelivered([first!]);
    expect(await outbox.pending(10)).toEqual(rest);
    expect((await outbox.since(new Date(0), 10)).map((event) => event.id)).toHaveLength(3);
    await outbox.disableSink('webhook:x', 'gone');
    expect(await outbox.disabledReason('webhook:x')).toBe('gone');
    await outbox.enableSink('webhook:x');
    expect(await outbox.disabledReason('webhook:x')).toBeNull();
  });
});

describe('Postgres schema', () => {
  it('is created once under an advisory lock when several processes start at once, and reopens without migrating again', async () => {
    const url = await createDatabase();
    const starts = await Promise.all(
      Array.from({ length: 4 }, () => PostgresBackend.open({ url })),
    );
    await commitIds(starts[0]!, [1, 2]);
    await Promise.all(starts.map((state) => state.close()));
    const again = await PostgresBackend.open({ url });
    onTestFinished(() => again.close());
    const { rows } = await again.pool.query('SELECT version FROM schema_migrations ORDER BY 1');
    // Every migration ran exactly once, each recorded by its own transaction.
    const versions = Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => ({
      version: i + 1,
    }));
    expect(rows).toEqual(versions);
    const cluster = await again.cluster('demo-store', 9);
    expect([...(await again.loadSnapshot(cluster.clusterKey)).ids]).toEqual([1, 2]);
  });

  it("holds the fleet's tables in schema dooki_watch", async () => {
    const state = await PostgresBackend.open({ url: await createDatabase() });
    onTestFinished(() => state.close());
    const { rows } = await state.pool.query<{ table_name: string; columns: string }>(
      `SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)
         AS columns
       FROM information_schema.columns
       WHERE table_schema = 'dooki_watch' AND table_name LIKE 'fleet%'
       GROUP BY table_name ORDER BY table_name`,
    );
    expect(rows).toEqual([
      {
        table_name: 'fleet_budgets',
        columns: 'alias text, remaining integer, observed_at timestamp with time zone',
      },
      {
        table_name: 'fleet_processes',
        columns:
          'process_id text, host text, pid integer, worker_ids ARRAY, started_at timestamp with time zone, heartbeat_at timestamp with time zone',
      },
      {
        table_name: 'fleet_quarantine',
        columns: 'alias text, reason text, since timestamp with time zone',
      },
    ]);
    await state.pool.query(
      "INSERT INTO fleet_processes (process_id, host, pid) VALUES ('p', 'h', 1)",
    );
    const { rows: defaults } = await state.pool.query(
      'SELECT worker_ids, heartbeat_at IS NOT NULL AS beat FROM fleet_processes',
    );
    expect(defaults).toEqual([{ worker_ids: [], beat: true }]);
  });

  it('leaves a migration that fails half-way wholly undone, and finishes it on the next start', async () => {
    const url = await createDatabase();
    const first = await PostgresBackend.open({ url });
    // Back to version 1, with a table in the way of migration 2's last statement.
    await first.pool.query(
      `DROP TABLE fleet_quarantine, fleet_budgets, fleet_processes;
       DELETE FROM schema_migrations WHERE version > 1;
       CREATE TABLE fleet_processes (in_the_way integer)`,
    );
    await first.close();
    await expect(PostgresBackend.open({ url })).rejects.toThrow(/fleet_processes/);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    onTestFinished(() => check.end());
    const { rows } = await check.query(
      `SELECT (SELECT max(version) FROM dooki_watch.schema_migrations) AS version,
              to_regclass('dooki_watch.fleet_quarantine')::text AS quarantine`,
    );
    expect(rows).toEqual([{ version: 1, quarantine: null }]);
    await check.query('DROP TABLE dooki_watch.fleet_processes');
    const again = await PostgresBackend.open({ url });
    onTestFinished(() => again.close());
    const { rows: after } = await again.pool.query(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    expect(after).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);
  });

  it('refuses a database migrated by a newer schema', async () => {
    const url = await createDatabase();
    const first = await PostgresBackend.open({ url });
    await first.pool.query('INSERT INTO schema_migrations (version) VALUES ($1)', [
      POSTGRES_SCHEMA_VERSION + 1,
    ]);
    await first.close();
    await expect(PostgresBackend.open({ url })).rejects.toThrow(StateVersionError);
  });

  it('names an unreachable database without its password', async () => {
    const url = new URL(await createDatabase());
    url.password = 'hunter2-secret';
    url.port = String(await refusingPort());
    const error = await PostgresBackend.open({ url: url.toString() }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as Error).message).toMatch(
      /cannot use the state database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/,
    );
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe.each(BACKENDS)('store outboxes on $name', (backend) => {
  /** Commits `ids` as joins of cluster `clusterId` of store `alias` (after an empty baseline). */
  async function joinsOf(state: StateBackend, alias: string, clusterId: number, ids: number[]) {
    for (const scan of [[], ids]) {
      const cluster = await state.cluster(alias, clusterId);
      const previous = await state.loadSnapshot(cluster.clusterKey);
      const staged = scan.map((id) => ({ customerId: id, hash: id, payload: `{"id":${id}}` }));
      await state.stage(cluster.clusterKey, staged);
      const diff = diffMembership(previous, observe(scan), resolveTruthRules());
      await state.commitScan(commitInput(cluster, diff));
    }
  }

  it('deliver one store each, under a lease per store, and leave the other stores alone', async () => {
    const state = await backend.open();
    await joinsOf(state, 'store-a', 1, [11, 12]);
    await joinsOf(state, 'store-b', 1, [21]);
    await joinsOf(state, 'store-a', 2, [13]);
    const sinkA = memorySink();
    const sinkB = memorySink();

    // Another live process delivers store b right now; store a is free.
    const { clusterKey: firstOfB } = await state.cluster('store-b', 1);
    await backend.plantLease(state, -firstOfB, process.ppid, hostname());
    const busyB = await deliverPending(state.outboxOf('store-b'), [sinkB]);
    expect(busyB).toMatchObject({
      delivered: 0,
      pending: 1,
      busy: `pid ${process.ppid} on ${hostname()}`,
    });
    const a = await deliverPending(state.outboxOf('store-a'), [sinkA]);
    expect(a).toEqual({ delivered: 3, pending: 0 });
    expect(sinkA.events.map((event) => [event.alias, event.customer_id])).toEqual([
      ['store-a', 11],
      ['store-a', 12],
      ['store-a', 13],
    ]);
    expect(await state.outbox.pendingCount()).toBe(1); // store b's event waits for its deliverer

    await backend.query(state, 'DELETE FROM leases WHERE cluster_key = $1', [-firstOfB]);
    expect(await deliverPending(state.outboxOf('store-b'), [sinkB])).toEqual({
      delivered: 1,
      pending: 0,
    });
    expect(sinkB.events.map((event) => event.customer_id)).toEqual([21]);
    expect(await deliverPending(state.outboxOf('no-such-store'), [sinkA])).toEqual({
      delivered: 0,
      pending: 0,
    });
    expect(await backend.query(state, 'SELECT count(*) AS n FROM leases')).toEqual([{ n: 0 }]);
  });
});
