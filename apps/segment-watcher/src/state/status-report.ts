import { Outbox } from './outbox.js';
import { type ClusterRow, type StateStore } from './state-store.js';

/** Per-cluster facts shown by `dooki-watch status`. */
export interface ClusterStatus {
  alias: string;
  clusterId: number;
  members: number;
  lastScan: { scan: number; outcome: string; finishedAt: string; detail: string | null } | null;
  lastCompleteAt: string | null;
  absentUnconfirmed: number;
  held: number;
}

export interface StatusReport {
  clusters: ClusterStatus[];
  pendingDeliveries: number;
  disabledSinks: { name: string; reason: string }[];
}

/** Reads a SQLite state without changing it. */
export function readSqliteStatus(state: StateStore): StatusReport {
  const { db } = state;
  const clusters = state.clusters().map((cluster): ClusterStatus => {
    const last = db
      .prepare(
        'SELECT scan_no, outcome, finished_at, detail, held FROM scans WHERE cluster_key = ? ORDER BY scan_no DESC LIMIT 1',
      )
      .get(cluster.clusterKey) as
      | {
          scan_no: number;
          outcome: string;
          finished_at: string;
          detail: string | null;
          held: number;
        }
      | undefined;
    const lastComplete = db
      .prepare(
        "SELECT finished_at, held FROM scans WHERE cluster_key = ? AND outcome != 'incomplete' ORDER BY scan_no DESC LIMIT 1",
      )
      .get(cluster.clusterKey) as { finished_at: string; held: number } | undefined;
    const absent = db
      .prepare('SELECT count(*) AS n FROM members WHERE cluster_key = ? AND missing_scans > 0')
      .get(cluster.clusterKey) as { n: number };
    return clusterStatus(cluster, last ?? null, lastComplete ?? null, absent.n);
  });
  const disabledSinks = db.prepare('SELECT name, reason FROM sinks ORDER BY name').all() as {
    name: string;
    reason: string;
  }[];
  return { clusters, pendingDeliveries: new Outbox(state).pendingCount(), disabledSinks };
}

/** The newest scan of a cluster, and the newest that was not incomplete, as both backends read them. */
interface ScanRow {
  scan_no: number;
  outcome: string;
  finished_at: string;
  detail: string | null;
}

/** One cluster's status from its rows (both backends): held leaves are not "absent, unconfirmed". */
export function clusterStatus(
  cluster: ClusterRow,
  last: ScanRow | null,
  lastComplete: { finished_at: string; held: number } | null,
  absent: number,
): ClusterStatus {
  return {
    alias: cluster.alias,
    clusterId: cluster.clusterId,
    members: cluster.memberCount,
    lastScan: last
      ? {
          scan: last.scan_no,
          outcome: last.outcome,
          finishedAt: last.finished_at,
          detail: last.detail,
        }
      : null,
    lastCompleteAt: lastComplete?.finished_at ?? null,
    absentUnconfirmed: absent - (lastComplete?.held ?? 0),
    held: lastComplete?.held ?? 0,
  };
}
