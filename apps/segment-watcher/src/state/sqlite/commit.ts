import type Database from 'better-sqlite3';
import {
  countByType,
  payloadIds,
  planCommit,
  planIncompleteScan,
  SCAN_COLUMNS,
  scanRowValues,
  type ClusterUpdate,
  type CommitInput,
  type CommitResult,
  type LockedCluster,
  type PlannedEvent,
  type ScanRecord,
  type ScanRow,
} from '../commit-plan.js';
import { type ClusterRow } from '../types.js';
import { type StateStore } from './connection.js';

/**
 * Writes the new snapshot, the scan record and the events in ONE transaction: either all of it is
 * on disk or none, so a crash can replay events but never lose or invent them. What to write is
 * {@link planCommit}'s; this only reads its inputs and runs its statements.
 */
export function commitScan(state: StateStore, input: CommitInput): CommitResult {
  const { db } = state;
  const key = input.cluster.clusterKey;
  return db
    .transaction((): CommitResult => {
      const locked = readCluster(db, key);
      const wanted = payloadIds(input, locked);
      const payloads = {
        staged: readPayloads(db, 'staged', key, wanted.staged),
        members: readPayloads(db, 'members', key, wanted.members),
      };
      const plan = planCommit(input, locked, payloads);
      const written = insertEvents(db, key, plan.scanNo, plan.events);
      deleteMembers(db, key, plan.deletions);
      upsertMembersFromStaging(db, key);
      setMissingScans(db, key, plan.missingScans);
      insertScanRow(db, plan.scanRow);
      updateCluster(db, key, plan.cluster);
      state.clearStaged(key);
      const emitted = countByType(written);
      return { scanNo: plan.scanNo, outcome: plan.outcome, events: written.length, emitted };
    })
    .immediate();
}

/** Records a scan that must not change anything: it only consumes a scan number. */
export function recordIncompleteScan(
  state: StateStore,
  cluster: ClusterRow,
  record: ScanRecord,
): number {
  const { db } = state;
  return db
    .transaction((): number => {
      const plan = planIncompleteScan(cluster, record, readCluster(db, cluster.clusterKey));
      insertScanRow(db, plan.scanRow);
      db.prepare('UPDATE clusters SET last_scan = ? WHERE cluster_key = ?').run(
        plan.scanNo,
        plan.clusterKey,
      );
      state.clearStaged(plan.clusterKey);
      return plan.scanNo;
    })
    .immediate();
}

/** SQLite has no row locks: the caller's `BEGIN IMMEDIATE` write lock serializes commits. */
function readCluster(db: Database.Database, key: number): LockedCluster {
  const row = db
    .prepare('SELECT last_scan, baseline_scan FROM clusters WHERE cluster_key = ?')
    .get(key) as { last_scan: number; baseline_scan: number | null };
  return { lastScan: row.last_scan, baselineScan: row.baseline_scan };
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

/** Inserts the events in plan order; returns the types of those written (not already there). */
function insertEvents(
  db: Database.Database,
  key: number,
  scanNo: number,
  events: readonly PlannedEvent[],
): string[] {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO outbox (event_id, cluster_key, customer_id, type, scan_no, detected_at, body)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const written: string[] = [];
  for (const event of events) {
    const { changes } = insert.run(
      event.id,
      key,
      event.customerId,
      event.type,
      scanNo,
      event.detectedAt,
      event.body,
    );
    if (changes === 1) written.push(event.type);
  }
  return written;
}

function deleteMembers(db: Database.Database, key: number, customerIds: readonly number[]): void {
  const remove = db.prepare('DELETE FROM members WHERE cluster_key = ? AND customer_id = ?');
  for (const id of customerIds) remove.run(key, id);
}

/** New members and changed content, straight from staging in one statement. */
function upsertMembersFromStaging(db: Database.Database, key: number): void {
  db.prepare(
    `INSERT INTO members (cluster_key, customer_id, hash, missing_scans, payload)
     SELECT cluster_key, customer_id, hash, 0, payload FROM staged WHERE cluster_key = ?
     ON CONFLICT (cluster_key, customer_id)
     DO UPDATE SET hash = excluded.hash, payload = excluded.payload, missing_scans = 0`,
  ).run(key);
}

function setMissingScans(
  db: Database.Database,
  key: number,
  update: { customerIds: readonly number[]; counts: readonly number[] },
): void {
  const set = db.prepare(
    'UPDATE members SET missing_scans = ? WHERE cluster_key = ? AND customer_id = ?',
  );
  update.customerIds.forEach((id, index) => set.run(update.counts[index], key, id));
}

function insertScanRow(db: Database.Database, row: ScanRow): void {
  db.prepare(
    `INSERT OR REPLACE INTO scans (${SCAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(...scanRowValues(row));
}

function updateCluster(db: Database.Database, key: number, update: ClusterUpdate): void {
  db.prepare(
    `UPDATE clusters SET last_scan = ?, member_count = ?, baseline_scan = ?, hash_fields = ?
     WHERE cluster_key = ?`,
  ).run(update.lastScan, update.memberCount, update.baselineScan, update.hashFields, key);
}
