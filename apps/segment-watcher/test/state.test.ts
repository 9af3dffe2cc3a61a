import { type ClusterChange } from '../src/events.js';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  diffMembership,
  EMPTY_SNAPSHOT,
  resolveTruthRules,
  type MembershipDiff,
} from '@clusterstream/core/membership';
import {
  commitScan,
  StaleSnapshotError,
  type CommitInput,
  type ScanRecord,
} from '../src/state/commit-scan.js';
import { recordIncompleteScan } from '../src/state/scan-history.js';
import { Outbox } from '../src/state/outbox.js';
import { SCHEMA_VERSION, StateVersionError } from '../src/state/schema.js';
import { openState, type ClusterRow, type StateStore } from '../src/state/state-store.js';
import { tempDir } from './helpers/fixtures.js';
import { observe } from './helpers/snapshots.js';

const record = (): ScanRecord => ({
  startedAt: new Date('2026-11-28T10:00:00Z'),
  finishedAt: new Date('2026-11-28T10:01:00Z'),
  pages: 1,
  requests: 1,
  uniqueItems: 0,
  total: 0,
});

function commitIds(state: StateStore, ids: number[], emitJoins = true) {
  const cluster = state.cluster('demo-store', 9);
  state.clearStaged(cluster.clusterKey);
  const previous = state.loadSnapshot(cluster.clusterKey);
  const scan = observe(ids);
  state.stage(
    cluster.clusterKey,
    ids
      .filter((id) => !previous.ids.includes(id))
      .map((id) => ({ customerId: id, hash: id, payload: JSON.stringify({ id, name: `n${id}` }) })),
  );
  const diff = diffMembership(previous, scan, resolveTruthRules({ maxLeaveFraction: 1 }));
  return commitScan(state, {
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
  it('creates the versioned schema once and reopens without migrating again', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'state.db');
    const first = openState(path);
    commitIds(first, [1, 2]);
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

describe('commitScan', () => {
  it('writes snapshot, scan history and outbox events together', () => {
    const state = openState(':memory:');
    const baseline = commitIds(state, [1, 2, 3], false);
    expect(baseline).toMatchObject({ scanNo: 1, outcome: 'baseline', events: 0 });
    commitIds(state, [1, 2, 4]);
    const third = commitIds(state, [1, 2, 4]);
    expect(third).toMatchObject({ scanNo: 3, outcome: 'complete', events: 1 });
    const events = new Outbox(state)
      .pending(10)
      .map((event) => JSON.parse(event.body) as ClusterChange);
    expect(events.map((e) => [e.type, e.customer_id, e.scan])).toEqual([
      ['customer.joined', 4, 2],
      ['customer.left', 3, 3],
    ]);
    // The left event carries the payload stored when the customer was last seen.
    expect(events[1]!.data).toEqual({ id: 3, name: 'n3' });
    const scans = state.db
      .prepare('SELECT scan_no, outcome, joins, leaves, pending FROM scans ORDER BY scan_no')
      .all();
    expect(scans).toEqual([
      { scan_no: 1, outcome: 'baseline', joins: 3, leaves: 0, pending: 0 },
      { scan_no: 2, outcome: 'complete', joins: 1, leaves: 0, pending: 1 },
      { scan_no: 3, outcome: 'complete', joins: 0, leaves: 1, pending: 0 },
    ]);
    expect(state.db.prepare('SELECT count(*) AS n FROM staged').get()).toEqual({ n: 0 });
  });

  it('rolls everything back when the transaction fails half-way', () => {
    const state = openState(':memory:');
    commitIds(state, [1, 2, 3], false);
    // Sabotage the scan history insert, which runs after the member and outbox writes.
    state.db.exec(
      'CREATE TRIGGER fail BEFORE INSERT ON scans BEGIN SELECT RAISE(ABORT, "disk full"); END',
    );
    expect(() => commitIds(state, [1, 2, 3, 4])).toThrow(/disk full/);
    expect(new Outbox(state).pendingCount()).toBe(0);
    expect([...state.loadSnapshot(state.cluster('demo-store', 9).clusterKey).ids]).toEqual([
      1, 2, 3,
    ]);
    expect(state.cluster('demo-store', 9).lastScan).toBe(1);
  });

  it('records an incomplete scan without touching the snapshot', () => {
    const state = openState(':memory:');
    commitIds(state, [1, 2], false);
    const cluster = state.cluster('demo-store', 9);
    state.stage(cluster.clusterKey, [{ customerId: 5, hash: 5, payload: '{"id":5}' }]);
    expect(recordIncompleteScan(state, cluster, { ...record(), detail: 'boom' })).toBe(2);
    expect([...state.loadSnapshot(cluster.clusterKey).ids]).toEqual([1, 2]);
    expect(state.db.prepare('SELECT count(*) AS n FROM staged').get()).toEqual({ n: 0 });
    expect(new Outbox(state).pendingCount()).toBe(0);
  });

  it('refuses to commit a diff computed against a snapshot another watcher has since replaced', () => {
    const state = openState(':memory:');
    commitIds(state, [1, 2], false);
    const stale = state.cluster('demo-store', 9);
    const diff = diffMembership(
      state.loadSnapshot(stale.clusterKey),
      observe([1, 2, 3]),
      resolveTruthRules(),
    );
    commitIds(state, [1, 2, 3]); // the other watcher wins
    const input = commitInput(stale, diff);
    expect(() => commitScan(state, input)).toThrow(StaleSnapshotError);
    expect(new Outbox(state).pendingCount()).toBe(1); // only the winner's join
  });

  it('never inserts the same event twice', () => {
    const state = openState(':memory:');
    const cluster = state.cluster('demo-store', 9);
    const diff = diffMembership(EMPTY_SNAPSHOT, observe([1]), resolveTruthRules());
    state.stage(cluster.clusterKey, [{ customerId: 1, hash: 1, payload: '{"id":1}' }]);
    const input = commitInput(cluster, diff);
    commitScan(state, input);
    // Replaying the same commit for the same scan number (e.g. a restored backup) is a no-op for the outbox.
    state.db.prepare('UPDATE clusters SET last_scan = 0').run();
    commitScan(state, input);
    expect(new Outbox(state).pendingCount()).toBe(1);
  });
});

describe('Outbox', () => {
  it('hands out events in order and forgets them only once marked delivered', () => {
    const state = openState(':memory:');
    commitIds(state, [], false);
    commitIds(state, [1, 2, 3]);
    const outbox = new Outbox(state);
    const [first, ...rest] = outbox.pending(10);
    outbox.markDelivered([first!]);
    expect(outbox.pending(10)).toEqual(rest);
    expect(outbox.since(new Date(0), 10).map((event) => event.id)).toHaveLength(3);
    outbox.disableSink('webhook:x', 'gone');
    expect(outbox.disabledReason('webhook:x')).toBe('gone');
    outbox.enableSink('webhook:x');
    expect(outbox.disabledReason('webhook:x')).toBeNull();
  });
});
