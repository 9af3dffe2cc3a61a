import { type CommitInput, type ScanOutcome, type ScanRecord } from './commit-scan.js';
import { type ClusterRow, type StateStore } from './state-store.js';

/** Records a scan that must not change anything: it only consumes a scan number. */
export function recordIncompleteScan(
  state: StateStore,
  cluster: ClusterRow,
  record: ScanRecord,
): number {
  return state.db.transaction((): number => {
    const { last_scan: lastScan } = state.db
      .prepare('SELECT last_scan FROM clusters WHERE cluster_key = ?')
      .get(cluster.clusterKey) as { last_scan: number };
    const scanNo = lastScan + 1;
    insertScanRow(state, cluster.clusterKey, scanNo, 'incomplete', { record });
    state.db
      .prepare('UPDATE clusters SET last_scan = ? WHERE cluster_key = ?')
      .run(scanNo, cluster.clusterKey);
    state.clearStaged(cluster.clusterKey);
    return scanNo;
  })();
}

/** Writes one row of the `scans` history (inside the caller's transaction). */
export function insertScanRow(
  state: StateStore,
  key: number,
  scanNo: number,
  outcome: ScanOutcome,
  input: Pick<CommitInput, 'record'> & Partial<CommitInput>,
): void {
  state.db
    .prepare(
      `INSERT OR REPLACE INTO scans (cluster_key, scan_no, started_at, finished_at, outcome, pages,
         requests, unique_items, total, joins, leaves, updates, pending, held, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(...scanRowValues(key, scanNo, outcome, input));
}

/**
 * The values of one `scans` row, in the column order both backends insert them:
 * cluster_key, scan_no, started_at, finished_at, outcome, pages, requests, unique_items, total,
 * joins, leaves, updates, pending, held, detail.
 */
export function scanRowValues(
  key: number,
  scanNo: number,
  outcome: ScanOutcome,
  input: Pick<CommitInput, 'record'> & Partial<CommitInput>,
): (string | number | null)[] {
  const { record, diff } = input;
  return [
    key,
    scanNo,
    record.startedAt.toISOString(),
    record.finishedAt.toISOString(),
    outcome,
    record.pages,
    record.requests,
    record.uniqueItems,
    record.total,
    diff?.joins.length ?? 0,
    diff?.leaves.length ?? 0,
    input.emitUpdates && diff ? diff.hashChanged.length : 0,
    diff?.pending.length ?? 0,
    diff?.held.length ?? 0,
    record.detail ?? null,
  ];
}
