import type pg from 'pg';
import {
  SCAN_COLUMNS,
  scanRowValues,
  type CommitInput,
  type CommitResult,
  type PlannedEvent,
  type ScanRecord,
} from '../commit-plan.js';
import {
  commitSteps,
  incompleteScanSteps,
  runStepsAsync,
  type CommitStatements,
} from '../commit-steps.js';
import { type ClusterRow } from '../types.js';
import { inTransaction } from './connection.js';

/**
 * Snapshot, scan record and events in ONE transaction. The cluster row is locked first
 * (`FOR UPDATE`), so two commits of one cluster run one after the other and the later one sees
 * the stale snapshot.
 */
export function commitScan(pool: pg.Pool, input: CommitInput): Promise<CommitResult> {
  return inTransaction(pool, (client) =>
    runStepsAsync(commitSteps(input), postgresStatements(client, input.cluster.clusterKey)),
  );
}

/** Records a scan that must not change anything: it only consumes a scan number. */
export function recordIncompleteScan(
  pool: pg.Pool,
  cluster: ClusterRow,
  record: ScanRecord,
): Promise<number> {
  return inTransaction(pool, (client) =>
    runStepsAsync(
      incompleteScanSteps(cluster, record),
      postgresStatements(client, cluster.clusterKey),
    ),
  );
}

/** The commit's statements on cluster `key`, one small function each, one statement each. */
function postgresStatements(client: pg.PoolClient, key: number): CommitStatements {
  const run = async (text: string, values: unknown[]): Promise<void> => {
    await client.query(text, values);
  };
  return {
    async lockCluster() {
      const { rows } = await client.query<{ last_scan: number; baseline_scan: number | null }>(
        'SELECT last_scan, baseline_scan FROM clusters WHERE cluster_key = $1 FOR UPDATE',
        [key],
      );
      return { lastScan: rows[0]!.last_scan, baselineScan: rows[0]!.baseline_scan };
    },
    async readPayloads(table, customerIds) {
      if (customerIds.length === 0) return new Map<number, string>();
      const { rows } = await client.query<[number, string]>({
        text: `SELECT customer_id, payload FROM ${table}
               WHERE cluster_key = $1 AND customer_id = ANY($2::bigint[])`,
        values: [key, customerIds],
        rowMode: 'array',
      });
      return new Map(rows);
    },
    insertEvents: (scanNo, events) => insertEvents(client, key, scanNo, events),
    deleteMembers: (customerIds) =>
      run('DELETE FROM members WHERE cluster_key = $1 AND customer_id = ANY($2::bigint[])', [
        key,
        customerIds,
      ]),
    upsertMembersFromStaging: () =>
      run(
        `INSERT INTO members (cluster_key, customer_id, hash, missing_scans, payload)
         SELECT cluster_key, customer_id, hash, 0, payload FROM staged WHERE cluster_key = $1
         ON CONFLICT (cluster_key, customer_id)
         DO UPDATE SET hash = excluded.hash, payload = excluded.payload, missing_scans = 0`,
        [key],
      ),
    setMissingScans: ({ customerIds, counts }) =>
      run(
        `UPDATE members m SET missing_scans = u.missing
         FROM unnest($2::bigint[], $3::integer[]) AS u(id, missing)
         WHERE m.cluster_key = $1 AND m.customer_id = u.id`,
        [key, customerIds, counts],
      ),
    insertScanRow: (row) =>
      run(
        `INSERT INTO scans (${SCAN_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (cluster_key, scan_no) DO UPDATE SET started_at = excluded.started_at,
           finished_at = excluded.finished_at, outcome = excluded.outcome, pages = excluded.pages,
           requests = excluded.requests, unique_items = excluded.unique_items,
           total = excluded.total, joins = excluded.joins, leaves = excluded.leaves,
           updates = excluded.updates, pending = excluded.pending, held = excluded.held,
           detail = excluded.detail`,
        scanRowValues(row),
      ),
    updateCluster: (update) =>
      run(
        `UPDATE clusters SET last_scan = $1, member_count = $2, baseline_scan = $3,
           hash_fields = $4 WHERE cluster_key = $5`,
        [update.lastScan, update.memberCount, update.baselineScan, update.hashFields, key],
      ),
    setLastScan: (scanNo) =>
      run('UPDATE clusters SET last_scan = $1 WHERE cluster_key = $2', [scanNo, key]),
    clearStaging: () => run('DELETE FROM staged WHERE cluster_key = $1', [key]),
  };
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
