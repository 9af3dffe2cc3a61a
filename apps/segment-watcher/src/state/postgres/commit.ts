import type pg from 'pg';
import {
  countByType,
  payloadIds,
  planCommit,
  planIncompleteScan,
  SCAN_COLUMNS,
  scanRowValues,
  type ClusterUpdate,
  type CommitInput,
  type CommitPlan,
  type CommitResult,
  type LockedCluster,
  type PlannedEvent,
  type ScanRecord,
  type ScanRow,
} from '../commit-plan.js';
import { type ClusterRow } from '../types.js';
import { inTransaction } from './connection.js';

/**
 * Snapshot, scan record and events in ONE transaction, as {@link planCommit} plans them. The
 * cluster row is locked first (`FOR UPDATE`), so two commits of one cluster run one after the
 * other and the later one sees the stale snapshot.
 */
export async function commitScan(pool: pg.Pool, input: CommitInput): Promise<CommitResult> {
  const key = input.cluster.clusterKey;
  return inTransaction(pool, async (client) => {
    const locked = await lockCluster(client, key);
    const wanted = payloadIds(input, locked);
    const payloads = {
      staged: await readPayloads(client, 'staged', key, wanted.staged),
      members: await readPayloads(client, 'members', key, wanted.members),
    };
    const plan = planCommit(input, locked, payloads);
    const written = await insertEvents(client, key, plan.scanNo, plan.events);
    await deleteMembers(client, key, plan.deletions);
    await upsertMembersFromStaging(client, key);
    await setMissingScans(client, key, plan.missingScans);
    await insertScanRow(client, plan.scanRow);
    await updateCluster(client, key, plan.cluster);
    await clearStaging(client, key);
    const emitted = countByType(written);
    return { scanNo: plan.scanNo, outcome: plan.outcome, events: written.length, emitted };
  });
}

/** Records a scan that must not change anything: it only consumes a scan number. */
export async function recordIncompleteScan(
  pool: pg.Pool,
  cluster: ClusterRow,
  record: ScanRecord,
): Promise<number> {
  return inTransaction(pool, async (client) => {
    const plan = planIncompleteScan(cluster, record, await lockCluster(client, cluster.clusterKey));
    await insertScanRow(client, plan.scanRow);
    await client.query('UPDATE clusters SET last_scan = $1 WHERE cluster_key = $2', [
      plan.scanNo,
      plan.clusterKey,
    ]);
    await clearStaging(client, plan.clusterKey);
    return plan.scanNo;
  });
}

async function lockCluster(client: pg.PoolClient, key: number): Promise<LockedCluster> {
  const { rows } = await client.query<{ last_scan: number; baseline_scan: number | null }>(
    'SELECT last_scan, baseline_scan FROM clusters WHERE cluster_key = $1 FOR UPDATE',
    [key],
  );
  return { lastScan: rows[0]!.last_scan, baselineScan: rows[0]!.baseline_scan };
}

async function readPayloads(
  client: pg.PoolClient,
  table: 'staged' | 'members',
  key: number,
  customerIds: readonly number[],
): Promise<Map<number, string>> {
  if (customerIds.length === 0) return new Map();
  const { rows } = await client.query<[number, string]>({
    text: `SELECT customer_id, payload FROM ${table}
           WHERE cluster_key = $1 AND customer_id = ANY($2::bigint[])`,
    values: [key, customerIds],
    rowMode: 'array',
  });
  return new Map(rows);
}

/**
 * One statement for all events; ORDER BY keeps `seq` in plan order (joins, updates, leaves).
 * Returns the types of the rows written (an id already there is skipped).
 */
async function insertEvents(
  client: pg.PoolClient,
  key: number,
  scanNo: number,
  events: readonly PlannedEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const { rows } = await client.query<{ type: string }>(
    `INSERT INTO outbox (event_id, cluster_key, customer_id, type, scan_no, detected_at, body)
     SELECT e.id, $1, e.customer, e.type, $2, e.detected, e.body
     FROM unnest($3::text[], $4::bigint[], $5::text[], $6::timestamptz[], $7::text[])
       WITH ORDINALITY AS e(id, customer, type, detected, body, n)
     ORDER BY e.n
     ON CONFLICT (event_id) DO NOTHING
     RETURNING type`,
    [
      key,
      scanNo,
      events.map((event) => event.id),
      events.map((event) => event.customerId),
      events.map((event) => event.type),
      events.map((event) => event.detectedAt),
      events.map((event) => event.body),
    ],
  );
  return rows.map((row) => row.type);
}

async function deleteMembers(
  client: pg.PoolClient,
  key: number,
  customerIds: readonly number[],
): Promise<void> {
  if (customerIds.length === 0) return;
  await client.query(
    'DELETE FROM members WHERE cluster_key = $1 AND customer_id = ANY($2::bigint[])',
    [key, customerIds],
  );
}

/** New members and changed content, straight from staging in one statement. */
async function upsertMembersFromStaging(client: pg.PoolClient, key: number): Promise<void> {
  await client.query(
    `INSERT INTO members (cluster_key, customer_id, hash, missing_scans, payload)
     SELECT cluster_key, customer_id, hash, 0, payload FROM staged WHERE cluster_key = $1
     ON CONFLICT (cluster_key, customer_id)
     DO UPDATE SET hash = excluded.hash, payload = excluded.payload, missing_scans = 0`,
    [key],
  );
}

async function setMissingScans(
  client: pg.PoolClient,
  key: number,
  update: CommitPlan['missingScans'],
): Promise<void> {
  if (update.customerIds.length === 0) return;
  await client.query(
    `UPDATE members m SET missing_scans = u.missing
     FROM unnest($2::bigint[], $3::integer[]) AS u(id, missing)
     WHERE m.cluster_key = $1 AND m.customer_id = u.id`,
    [key, update.customerIds, update.counts],
  );
}

async function insertScanRow(client: pg.PoolClient, row: ScanRow): Promise<void> {
  await client.query(
    `INSERT INTO scans (${SCAN_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (cluster_key, scan_no) DO UPDATE SET started_at = excluded.started_at,
       finished_at = excluded.finished_at, outcome = excluded.outcome, pages = excluded.pages,
       requests = excluded.requests, unique_items = excluded.unique_items, total = excluded.total,
       joins = excluded.joins, leaves = excluded.leaves, updates = excluded.updates,
       pending = excluded.pending, held = excluded.held, detail = excluded.detail`,
    scanRowValues(row),
  );
}

async function updateCluster(
  client: pg.PoolClient,
  key: number,
  update: ClusterUpdate,
): Promise<void> {
  await client.query(
    `UPDATE clusters SET last_scan = $1, member_count = $2, baseline_scan = $3, hash_fields = $4
     WHERE cluster_key = $5`,
    [update.lastScan, update.memberCount, update.baselineScan, update.hashFields, key],
  );
}

async function clearStaging(client: pg.PoolClient, key: number): Promise<void> {
  await client.query('DELETE FROM staged WHERE cluster_key = $1', [key]);
}
