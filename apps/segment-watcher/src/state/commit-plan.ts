import { binarySearch, type MembershipDiff } from '@clusterstream/core/membership';
import { buildChange, type ClusterChangeType, type CustomerPayload } from '../events.js';
import { type ClusterRow } from './types.js';

/** Facts about one scan run, kept in the `scans` history. */
export interface ScanRecord {
  startedAt: Date;
  finishedAt: Date;
  pages: number;
  requests: number;
  uniqueItems: number;
  total: number | null;
  /** Why a scan was incomplete, or which breaker tripped. */
  detail?: string;
}

export type ScanOutcome = 'baseline' | 'complete' | 'unstable' | 'incomplete';

export interface CommitInput {
  cluster: ClusterRow;
  record: ScanRecord;
  diff: MembershipDiff;
  stable: boolean;
  /** False for a silent baseline. */
  emitJoins: boolean;
  emitUpdates: boolean;
  /** The fields the scan's content hashes cover, remembered with the snapshot. */
  hashFields: readonly string[];
}

/** Events written to the outbox by one commit, by type. */
export interface EmittedCounts {
  joined: number;
  left: number;
  updated: number;
}

export interface CommitResult {
  scanNo: number;
  outcome: ScanOutcome;
  /** Events written to the outbox (the sum of `emitted`). */
  events: number;
  /** Events written to the outbox by type: a silent baseline writes 0 joins. */
  emitted: EmittedCounts;
}

/** Another process committed a scan of this cluster after our snapshot was loaded. */
export class StaleSnapshotError extends Error {
  override readonly name = 'StaleSnapshotError';
}

/** The cluster row as read (and locked) inside the commit's transaction. */
export interface LockedCluster {
  lastScan: number;
  baselineScan: number | null;
}

/** Which stored payloads the plan needs: of joins and updates from `staged`, of leaves from `members`. */
export interface PayloadIds {
  staged: number[];
  members: number[];
}

/** Payload JSON by customer id, as read from `staged` and `members`. */
export interface CommitPayloads {
  staged: ReadonlyMap<number, string>;
  members: ReadonlyMap<number, string>;
}

/** One outbox row, in the order the rows are inserted (joins, updates, leaves). */
export interface PlannedEvent {
  id: string;
  customerId: number;
  type: ClusterChangeType;
  detectedAt: string;
  body: string;
}

/** The values of one `scans` row. Times are ISO strings, as both backends store them. */
export interface ScanRow {
  clusterKey: number;
  scanNo: number;
  startedAt: string;
  finishedAt: string;
  outcome: ScanOutcome;
  pages: number;
  requests: number;
  uniqueItems: number;
  total: number | null;
  joins: number;
  leaves: number;
  updates: number;
  pending: number;
  held: number;
  detail: string | null;
}

/** The `clusters` row update of a commit; `baselineScan` is kept when one is set already. */
export interface ClusterUpdate {
  lastScan: number;
  memberCount: number;
  baselineScan: number;
  hashFields: string;
}

/**
 * Everything one scan commits, computed without I/O. A backend applies it in one transaction:
 * insert `events` (ignoring ids already there), delete `deletions` from members, upsert members
 * from staging, set `missingScans`, write `scanRow`, update the cluster, clear staging.
 */
export interface CommitPlan {
  clusterKey: number;
  scanNo: number;
  outcome: ScanOutcome;
  events: PlannedEvent[];
  deletions: number[];
  /** Applied after the upsert from staging, so it sees every member of the new snapshot. */
  missingScans: { customerIds: number[]; counts: number[] };
  scanRow: ScanRow;
  cluster: ClusterUpdate;
}

/** The commit of a scan that changes nothing but the history: it only consumes a scan number. */
export interface IncompleteScanPlan {
  clusterKey: number;
  scanNo: number;
  scanRow: ScanRow;
}

/**
 * The number and outcome of the scan being committed, from the cluster row read inside the
 * commit's transaction.
 *
 * @throws StaleSnapshotError when another process committed this cluster since it was loaded:
 *   committing a diff against an outdated snapshot would repeat or invent events.
 */
export function nextScan(
  input: CommitInput,
  locked: LockedCluster,
): { scanNo: number; outcome: ScanOutcome } {
  if (locked.lastScan !== input.cluster.lastScan) {
    throw new StaleSnapshotError(
      `another watcher committed scan #${locked.lastScan} of cluster ${input.cluster.clusterId} meanwhile`,
    );
  }
  const outcome: ScanOutcome =
    locked.baselineScan === null ? 'baseline' : input.stable ? 'complete' : 'unstable';
  return { scanNo: locked.lastScan + 1, outcome };
}

/** The customers whose events carry a payload, by where each payload is read. */
export function payloadIds(input: CommitInput, locked: LockedCluster): PayloadIds {
  const wanted = eventIds(input, nextScan(input, locked).outcome);
  return { staged: [...wanted.joined, ...wanted.updated], members: wanted.left };
}

/**
 * Plans the commit of a complete scan.
 *
 * @throws StaleSnapshotError see {@link nextScan}.
 */
export function planCommit(
  input: CommitInput,
  locked: LockedCluster,
  payloads: CommitPayloads,
): CommitPlan {
  const { scanNo, outcome } = nextScan(input, locked);
  const { cluster, diff } = input;
  const wanted = eventIds(input, outcome);
  const event = (type: ClusterChangeType, customerId: number, payload: string | undefined) => {
    const key = {
      alias: cluster.alias,
      clusterId: cluster.clusterId,
      customerId,
      type,
      scan: scanNo,
    };
    // A member stored without payload still gets an event that names it.
    const data = JSON.parse(payload ?? `{"id":${customerId}}`) as CustomerPayload;
    const change = buildChange(key, input.record.finishedAt, data);
    const body = JSON.stringify(change);
    return { id: change.id, customerId, type, detectedAt: change.detected_at, body };
  };
  const events: PlannedEvent[] = [
    ...wanted.joined.map((id) => event('customer.joined', id, payloads.staged.get(id))),
    ...wanted.updated.map((id) => event('customer.updated', id, payloads.staged.get(id))),
    ...wanted.left.map((id) => event('customer.left', id, payloads.members.get(id))),
  ];
  return {
    clusterKey: cluster.clusterKey,
    scanNo,
    outcome,
    events,
    deletions: [...diff.leaves],
    missingScans: missingScanUpdates(diff),
    scanRow: scanRow(cluster.clusterKey, scanNo, outcome, input),
    cluster: {
      lastScan: scanNo,
      memberCount: diff.next.ids.length,
      baselineScan: locked.baselineScan ?? scanNo,
      hashFields: JSON.stringify(input.hashFields),
    },
  };
}

/** Plans the record of an incomplete scan: the next scan number and its history row. */
export function planIncompleteScan(
  cluster: ClusterRow,
  record: ScanRecord,
  locked: Pick<LockedCluster, 'lastScan'>,
): IncompleteScanPlan {
  const scanNo = locked.lastScan + 1;
  const row = scanRow(cluster.clusterKey, scanNo, 'incomplete', { record });
  return { clusterKey: cluster.clusterKey, scanNo, scanRow: row };
}

/** Counts written events by type, for {@link CommitResult.emitted}. */
export function countByType(types: Iterable<string>): EmittedCounts {
  const counts: EmittedCounts = { joined: 0, left: 0, updated: 0 };
  for (const type of types) {
    if (type === 'customer.joined') counts.joined++;
    else if (type === 'customer.left') counts.left++;
    else if (type === 'customer.updated') counts.updated++;
  }
  return counts;
}

/** The customers to announce, by event type; updates never on a baseline. */
function eventIds(input: CommitInput, outcome: ScanOutcome): Record<keyof EmittedCounts, number[]> {
  const { diff } = input;
  return {
    joined: input.emitJoins ? [...diff.joins] : [],
    updated: input.emitUpdates && outcome !== 'baseline' ? [...diff.hashChanged] : [],
    left: [...diff.leaves],
  };
}

/** The new missing counts of members that stay in the snapshot. */
function missingScanUpdates(diff: MembershipDiff): CommitPlan['missingScans'] {
  const customerIds: number[] = [];
  const counts: number[] = [];
  for (const id of diff.missingChanged) {
    const index = binarySearch(diff.next.ids, id);
    if (index < 0) continue;
    customerIds.push(id);
    counts.push(diff.next.missing[index]!);
  }
  return { customerIds, counts };
}

/** The `scans` row of a commit, or of an incomplete scan (no diff). */
function scanRow(
  clusterKey: number,
  scanNo: number,
  outcome: ScanOutcome,
  input: Pick<CommitInput, 'record'> & Partial<CommitInput>,
): ScanRow {
  const { record, diff } = input;
  return {
    clusterKey,
    scanNo,
    startedAt: record.startedAt.toISOString(),
    finishedAt: record.finishedAt.toISOString(),
    outcome,
    pages: record.pages,
    requests: record.requests,
    uniqueItems: record.uniqueItems,
    total: record.total,
    joins: diff?.joins.length ?? 0,
    leaves: diff?.leaves.length ?? 0,
    updates: input.emitUpdates && diff ? diff.hashChanged.length : 0,
    pending: diff?.pending.length ?? 0,
    held: diff?.held.length ?? 0,
    detail: record.detail ?? null,
  };
}

/**
 * The values of a {@link ScanRow} in the column order both backends insert them, with
 * {@link SCAN_COLUMNS}.
 */
export function scanRowValues(row: ScanRow): (string | number | null)[] {
  return [
    row.clusterKey,
    row.scanNo,
    row.startedAt,
    row.finishedAt,
    row.outcome,
    row.pages,
    row.requests,
    row.uniqueItems,
    row.total,
    row.joins,
    row.leaves,
    row.updates,
    row.pending,
    row.held,
    row.detail,
  ];
}

/** The `scans` columns, in the order of {@link scanRowValues}. */
export const SCAN_COLUMNS =
  'cluster_key, scan_no, started_at, finished_at, outcome, pages, requests, unique_items, total, joins, leaves, updates, pending, held, detail';
