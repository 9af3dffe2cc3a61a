import {
  diffMembership,
  EMPTY_SNAPSHOT,
  resolveTruthRules,
  type MemberSnapshot,
  type MembershipDiff,
} from '@clusterstream/core/membership';
import { describe, expect, it } from 'vitest';
import { eventId, type ClusterChange } from '../src/events.js';
import {
  payloadIds,
  planCommit,
  planIncompleteScan,
  StaleSnapshotError,
  type CommitInput,
  type CommitPayloads,
  type LockedCluster,
} from '../src/state/commit-plan.js';
import { type ClusterRow } from '../src/state/types.js';
import { observe } from './helpers/snapshots.js';

// The plan is pure: these tests need no database. What the backends do with it is tested on
// both of them by the guarantees suite (state.test.ts, truth-*.test.ts).

const cluster: ClusterRow = {
  clusterKey: 3,
  alias: 'demo-store',
  clusterId: 9,
  lastScan: 4,
  baselineScan: 1,
  memberCount: 0,
  hashFields: '["name"]',
};
const committed: LockedCluster = { lastScan: 4, baselineScan: 1 };
const record = {
  startedAt: new Date('2026-11-28T10:00:00Z'),
  finishedAt: new Date('2026-11-28T10:01:00Z'),
  pages: 2,
  requests: 3,
  uniqueItems: 5,
  total: 5,
};

function input(diff: MembershipDiff, overrides: Partial<CommitInput> = {}): CommitInput {
  return {
    cluster,
    record,
    diff,
    stable: true,
    emitJoins: true,
    emitUpdates: true,
    hashFields: ['name'],
    ...overrides,
  };
}

/** A snapshot of `ids` whose hashes are the ids, with missing counts. */
function snapshot(ids: number[], missing: number[] = ids.map(() => 0)): MemberSnapshot {
  return {
    ids: Float64Array.from(ids),
    missing: Uint16Array.from(missing),
    hashes: Int32Array.from(ids),
  };
}

const payloadsOf = (ids: readonly number[]) =>
  new Map(ids.map((id) => [id, JSON.stringify({ id, name: `n${id}` })]));

const rules = resolveTruthRules({ maxLeaveFraction: 1, confirmScans: 2 });

describe('planCommit', () => {
  // Before: 1 2 3 4 (4 missed once). Now: 1 (new content) 2 5; 3 is gone once, 4 twice.
  const previous = snapshot([1, 2, 3, 4], [0, 0, 0, 1]);
  const scan = { ...observe([1, 2, 5]), hashes: Int32Array.from([100, 2, 5]) };
  const diff = diffMembership(previous, scan, rules);
  const payloads: CommitPayloads = { staged: payloadsOf([1, 5]), members: payloadsOf([4]) };

  it('plans joins, updates, then leaves, with the ids and bodies buildChange gives them', () => {
    const plan = planCommit(input(diff), committed, payloads);
    expect(plan.scanNo).toBe(5);
    expect(plan.outcome).toBe('complete');
    expect(plan.events.map((event) => [event.type, event.customerId])).toEqual([
      ['customer.joined', 5],
      ['customer.updated', 1],
      ['customer.left', 4],
    ]);
    for (const event of plan.events) {
      const body = JSON.parse(event.body) as ClusterChange;
      const key = { alias: 'demo-store', clusterId: 9, customerId: event.customerId };
      expect(event.id).toBe(eventId({ ...key, type: event.type, scan: 5 }));
      expect(body).toMatchObject({ id: event.id, type: event.type, scan: 5 });
      expect(body.detected_at).toBe(event.detectedAt);
      expect(body.data).toMatchObject({ name: `n${event.customerId}` });
    }
  });

  it('deletes the leavers, counts the absent member, and updates scan row and cluster', () => {
    const plan = planCommit(input(diff), committed, payloads);
    expect(plan.deletions).toEqual([4]);
    expect(plan.missingScans).toEqual({ customerIds: [3], counts: [1] });
    expect(plan.scanRow).toMatchObject({
      clusterKey: 3,
      scanNo: 5,
      outcome: 'complete',
      startedAt: '2026-11-28T10:00:00.000Z',
      joins: 1,
      leaves: 1,
      updates: 1,
      pending: 1,
      held: 0,
      detail: null,
    });
    expect(plan.cluster).toEqual({
      lastScan: 5,
      memberCount: 4, // 1 2 3 5: 3 is pending, not gone
      baselineScan: 1,
      hashFields: '["name"]',
    });
  });

  it('asks for the payloads of joins and updates from staging, of leaves from members', () => {
    expect(payloadIds(input(diff), committed)).toEqual({ staged: [5, 1], members: [4] });
    const quiet = input(diff, { emitJoins: false, emitUpdates: false });
    expect(payloadIds(quiet, committed)).toEqual({ staged: [], members: [4] });
  });

  it('names a member whose payload is missing by its id', () => {
    const plan = planCommit(input(diff), committed, { staged: new Map(), members: new Map() });
    expect(plan.events.map((event) => (JSON.parse(event.body) as ClusterChange).data)).toEqual([
      { id: 5 },
      { id: 1 },
      { id: 4 },
    ]);
  });

  it('marks an unstable scan', () => {
    expect(planCommit(input(diff, { stable: false }), committed, payloads).outcome).toBe(
      'unstable',
    );
  });

  it('refuses a snapshot another process committed past', () => {
    const moved = { lastScan: 5, baselineScan: 1 };
    expect(() => planCommit(input(diff), moved, payloads)).toThrow(StaleSnapshotError);
    expect(() => payloadIds(input(diff), moved)).toThrow(/committed scan #5 of cluster 9/);
  });
});

describe('planCommit of a first scan', () => {
  const diff = diffMembership(EMPTY_SNAPSHOT, observe([7, 8]), rules);
  const fresh = { ...cluster, lastScan: 0, baselineScan: null };
  const first: LockedCluster = { lastScan: 0, baselineScan: null };
  const payloads = { staged: payloadsOf([7, 8]), members: new Map<number, string>() };

  it('is a silent baseline: no events, the baseline set', () => {
    const plan = planCommit(input(diff, { cluster: fresh, emitJoins: false }), first, payloads);
    expect(plan).toMatchObject({ scanNo: 1, outcome: 'baseline', events: [] });
    expect(plan.cluster).toMatchObject({ lastScan: 1, baselineScan: 1, memberCount: 2 });
  });

  it('emits the joins with --emit-initial, but never updates', () => {
    const plan = planCommit(input(diff, { cluster: fresh }), first, payloads);
    expect(plan.events.map((event) => event.type)).toEqual(['customer.joined', 'customer.joined']);
  });
});

describe('planIncompleteScan', () => {
  it('takes the next scan number and records only the scan', () => {
    const plan = planIncompleteScan(cluster, { ...record, detail: 'HTTP 500' }, committed);
    expect(plan.scanNo).toBe(5);
    expect(plan.scanRow).toMatchObject({
      scanNo: 5,
      outcome: 'incomplete',
      joins: 0,
      leaves: 0,
      updates: 0,
      detail: 'HTTP 500',
    });
  });
});
