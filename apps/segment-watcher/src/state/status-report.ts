import { type ClusterRow } from './types.js';

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

/** What a backend reads about one cluster's scans; times as `toISOString()`. */
export interface ScanFacts {
  /** The newest scan. */
  last: { scan_no: number; outcome: string; finished_at: string; detail: string | null } | null;
  /** The newest scan that was not incomplete. */
  lastComplete: { finished_at: string; held: number } | null;
  /** Members with at least one missed scan. */
  absent: number;
}

/** The reads a status needs; each backend answers them with its own SQL. */
export interface StatusSource {
  clusters(): Promise<ClusterRow[]>;
  scanFacts(clusterKey: number): Promise<ScanFacts>;
  disabledSinks(): Promise<{ name: string; reason: string }[]>;
  pendingCount(): Promise<number>;
}

/** Reads a state's status without changing it (both backends). */
export async function readStatus(source: StatusSource): Promise<StatusReport> {
  const clusters: ClusterStatus[] = [];
  for (const cluster of await source.clusters()) {
    clusters.push(clusterStatus(cluster, await source.scanFacts(cluster.clusterKey)));
  }
  return {
    clusters,
    pendingDeliveries: await source.pendingCount(),
    disabledSinks: await source.disabledSinks(),
  };
}

/** One cluster's status from its rows: held leaves are not "absent, unconfirmed". */
function clusterStatus(cluster: ClusterRow, facts: ScanFacts): ClusterStatus {
  const { last, lastComplete, absent } = facts;
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
