import type Database from 'better-sqlite3';
import {
  SCAN_COLUMNS,
  scanRowValues,
  type CommitInput,
  type CommitResult,
  type ScanRecord,
} from '../commit-plan.js';
import {
  commitSteps,
  incompleteScanSteps,
  runSteps,
  type CommitStatements,
} from '../commit-steps.js';
import { type ClusterRow } from '../types.js';
import { type StateStore } from './connection.js';

/**
 * Writes the new snapshot, the scan record and the events in ONE transaction: either all of it is
 * on disk or none, so a crash can replay events but never lose or invent them. `BEGIN IMMEDIATE`
 * takes the write lock first, SQLite's way of locking the cluster row.
 */
export function commitScan(state: StateStore, input: CommitInput): CommitResult {
  const statements = sqliteStatements(state, input.cluster.clusterKey);
  return state.db.transaction(() => runSteps(commitSteps(input), statements)).immediate();
}

/** Records a scan that must not change anything: it only consumes a scan number. */
export function recordIncompleteScan(
  state: StateStore,
  cluster: ClusterRow,
  record: ScanRecord,
): number {
  const statements = sqliteStatements(state, cluster.clusterKey);
  const steps = incompleteScanSteps(cluster, record);
  return state.db.transaction(() => runSteps(steps, statements)).immediate();
}

/** The commit's statements on cluster `key`, one small function each. */
function sqliteStatements(state: StateStore, key: number): CommitStatements {
  const { db } = state;
  return {
    lockCluster() {
      const row = db
        .prepare('SELECT last_scan, baseline_scan FROM clusters WHERE cluster_key = ?')
        .get(key) as { last_scan: number; baseline_scan: number | null };
      return { lastScan: row.last_scan, baselineScan: row.baseline_scan };
    },
    readPayloads: (table, customerIds) => readPayloads(db, table, key, customerIds),
    insertEvents(scanNo, events) {
      const insert = db.prepare(
        `INSERT OR IGNORE INTO outbox (event_id, cluster_key, customer_id, type, scan_no, detected_at, body)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      return events
        .filter(
          (e) =>
            insert.run(e.id, key, e.customerId, e.type, scanNo, e.detectedAt, e.body).changes === 1,
        )
        .map((event) => event.type);
    },
    deleteMembers(customerIds) {
      const remove = db.prepare('DELETE FROM members WHERE cluster_key = ? AND customer_id = ?');
      for (const id of customerIds) remove.run(key, id);
    },
    upsertMembersFromStaging() {
      db.prepare(
        `INSERT INTO members (cluster_key, customer_id, hash, missing_scans, payload)
         SELECT cluster_key, customer_id, hash, 0, payload FROM staged WHERE cluster_key = ?
         ON CONFLICT (cluster_key, customer_id)
         DO UPDATE SET hash = excluded.hash, payload = excluded.payload, missing_scans = 0`,
      ).run(key);
    },
    setMissingScans({ customerIds, counts }) {
      const set = db.prepare(
        'UPDATE members SET missing_scans = ? WHERE cluster_key = ? AND customer_id = ?',
      );
      customerIds.forEach((id, index) => set.run(counts[index], key, id));
    },
    insertScanRow(row) {
      db.prepare(
        `INSERT OR REPLACE INTO scans (${SCAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...scanRowValues(row));
    },
    updateCluster(update) {
      db.prepare(
        `UPDATE clusters SET last_scan = ?, member_count = ?, baseline_scan = ?, hash_fields = ?
         WHERE cluster_key = ?`,
      ).run(update.lastScan, update.memberCount, update.baselineScan, update.hashFields, key);
    },
    setLastScan(scanNo) {
      db.prepare('UPDATE clusters SET last_scan = ? WHERE cluster_key = ?').run(scanNo, key);
    },
    clearStaging: () => state.clearStaged(key),
  };
}

function readPayloads(
  db: Database.Database,
  table: 'staged' | 'members',
  key: number,
  customerIds: readonly number[],
): Map<number, string> {
  const select = db.prepare(
    `SELECT payload FROM ${table} WHERE cluster_key = ? AND customer_id = ?`,
  );
  const payloads = new Map<number, string>();
  for (const id of customerIds) {
    const row = select.get(key, id) as { payload: string } | undefined;
    if (row) payloads.set(id, row.payload);
  }
  return payloads;
}
