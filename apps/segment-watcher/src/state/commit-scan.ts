import { binarySearch, type MembershipDiff } from '@clusterstream/core/membership';
import { buildChange, type ClusterChangeType, type CustomerPayload } from '../events.js';
import { insertScanRow } from './scan-history.js';
import { type ClusterRow, type StateStore } from './state-store.js';

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

/** Another process committed a scan of this cluster after our snapshot was loaded. */
export class StaleSnapshotError extends Error {
  override readonly name = 'StaleSnapshotError';
}

export interface CommitResult {
  scanNo: number;
  outcome: ScanOutcome;
  events: number;
}

/**
 * Writes the new snapshot, the scan record and the events in ONE transaction: either all of it is
 * on disk or none, so a crash can replay events but never lose or invent them.
 */
export function commitScan(state: StateStore, input: CommitInput): CommitResult {
  const { db } = state;
  const key = input.cluster.clusterKey;
  const stagedPayload = db.prepare(
    'SELECT payload FROM staged WHERE cluster_key = ? AND customer_id = ?',
  );
  const memberPayload = db.prepare(
    'SELECT payload FROM members WHERE cluster_key = ? AND customer_id = ?',
  );
  const insertEvent = db.prepare(
    `INSERT OR IGNORE INTO outbox (event_id, cluster_key, customer_id, type, scan_no, detected_at, body)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const deleteMember = db.prepare('DELETE FROM members WHERE cluster_key = ? AND customer_id = ?');
  const setMissing = db.prepare(
    'UPDATE members SET missing_scans = ? WHERE cluster_key = ? AND customer_id = ?',
  );

  return db.transaction((): CommitResult => {
    const { last_scan: lastScan, baseline_scan: baselineScan } = db
      .prepare('SELECT last_scan, baseline_scan FROM clusters WHERE cluster_key = ?')
      .get(key) as { last_scan: number; baseline_scan: number | null };
    const { scanNo, outcome } = nextScan(input, lastScan, baselineScan);
    let events = 0;
    const emit = (type: ClusterChangeType, customerId: number, payload: string): void => {
      const change = buildChange(
        {
          alias: input.cluster.alias,
          clusterId: input.cluster.clusterId,
          customerId,
          type,
          scan: scanNo,
        },
        input.record.finishedAt,
        JSON.parse(payload) as CustomerPayload,
      );
      const body = JSON.stringify(change);
      insertEvent.run(change.id, key, customerId, type, scanNo, change.detected_at, body);
      events++;
    };
    const payloadOf = (statement: typeof stagedPayload, id: number): string =>
      (statement.get(key, id) as { payload: string } | undefined)?.payload ?? `{"id":${id}}`;

    if (input.emitJoins) {
      for (const id of input.diff.joins) emit('customer.joined', id, payloadOf(stagedPayload, id));
    }
    if (input.emitUpdates && outcome !== 'baseline') {
      for (const id of input.diff.hashChanged) {
        emit('customer.updated', id, payloadOf(stagedPayload, id));
      }
    }
    for (const id of input.diff.leaves) {
      emit('customer.left', id, payloadOf(memberPayload, id));
      deleteMember.run(key, id);
    }
    // New members and changed content, straight from staging in one statement.
    db.prepare(
      `INSERT INTO members (cluster_key, customer_id, hash, missing_scans, payload)
       SELECT cluster_key, customer_id, hash, 0, payload FROM staged WHERE cluster_key = ?
       ON CONFLICT (cluster_key, customer_id)
       DO UPDATE SET hash = excluded.hash, payload = excluded.payload, missing_scans = 0`,
    ).run(key);
    const next = input.diff.next;
    for (const id of input.diff.missingChanged) {
      const index = binarySearch(next.ids, id);
      if (index >= 0) setMissing.run(next.missing[index], key, id);
    }
    insertScanRow(state, key, scanNo, outcome, input);
    db.prepare(
      `UPDATE clusters SET last_scan = ?, member_count = ?, baseline_scan = coalesce(baseline_scan, ?),
         hash_fields = ? WHERE cluster_key = ?`,
    ).run(scanNo, next.ids.length, scanNo, JSON.stringify(input.hashFields), key);
    state.clearStaged(key);
    return { scanNo, outcome, events };
  })();
}

/**
 * The number and outcome of the scan being committed, read inside the commit's transaction
 * (both backends).
 *
 * @throws StaleSnapshotError when another process committed this cluster since it was loaded:
 *   committing a diff against an outdated snapshot would repeat or invent events.
 */
export function nextScan(
  input: CommitInput,
  lastScan: number,
  baselineScan: number | null,
): { scanNo: number; outcome: ScanOutcome } {
  if (lastScan !== input.cluster.lastScan) {
    throw new StaleSnapshotError(
      `another watcher committed scan #${lastScan} of cluster ${input.cluster.clusterId} meanwhile`,
    );
  }
  const outcome: ScanOutcome =
    baselineScan === null ? 'baseline' : input.stable ? 'complete' : 'unstable';
  return { scanNo: lastScan + 1, outcome };
}
