import { type ScanFacts } from '../status-report.js';
import { type StateStore } from './connection.js';

/** The newest scan, the newest not incomplete, and the absent count of one cluster. */
export function readScanFacts(state: StateStore, clusterKey: number): ScanFacts {
  const { db } = state;
  const last = db
    .prepare(
      'SELECT scan_no, outcome, finished_at, detail FROM scans WHERE cluster_key = ? ORDER BY scan_no DESC LIMIT 1',
    )
    .get(clusterKey) as ScanFacts['last'] | undefined;
  const lastComplete = db
    .prepare(
      "SELECT finished_at, held FROM scans WHERE cluster_key = ? AND outcome != 'incomplete' ORDER BY scan_no DESC LIMIT 1",
    )
    .get(clusterKey) as ScanFacts['lastComplete'] | undefined;
  const absent = db
    .prepare('SELECT count(*) AS n FROM members WHERE cluster_key = ? AND missing_scans > 0')
    .get(clusterKey) as { n: number };
  return { last: last ?? null, lastComplete: lastComplete ?? null, absent: absent.n };
}

/** Sinks disabled by a 410, by name. */
export function readDisabledSinks(state: StateStore): { name: string; reason: string }[] {
  return state.db.prepare('SELECT name, reason FROM sinks ORDER BY name').all() as {
    name: string;
    reason: string;
  }[];
}
