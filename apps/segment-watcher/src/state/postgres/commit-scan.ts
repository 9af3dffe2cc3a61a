import { scanRowValues } from '../scan-history.js';
import { binarySearch } from '@clusterstream/core/membership';
import type pg from 'pg';
import { buildChange, type ClusterChangeType, type CustomerPayload } from '../../events.js';
import {
  nextScan,
  type CommitInput,
  type CommitResult,
  type ScanOutcome,
  type ScanRecord,
} from '../commit-scan.js';
import { type ClusterRow } from '../state-store.js';
import { inTransaction } from './transaction.js';

/**
 * The Postgres twin of `commitScan`: snapshot, scan record and events in ONE transaction. The
 * cluster row is locked first (`FOR UPDATE`), so two commits of one cluster run one after the
 * other and the later one sees the stale snapshot.
 */
export async function commitPostgresScan(pool: pg.Pool, input: CommitInput): Promise<CommitResult> {
  const key = input.cluster.clusterKey;
  return inTransaction(pool, async (client) => {
    const { last_scan: lastScan, baseline_scan: baselineScan } = await lockCluster(client, key);
    const { scanNo, outcome } = nextScan(input, lastScan, baselineScan);
    const { diff } = input;
    const wanted: [ClusterChangeType, number[], 'staged' | 'members'][] = [];
    if (input.emitJoins) wanted.push(['customer.joined', [...diff.joins], 'staged']);
    if (input.emitUpdates && outcome !== 'baseline')
      wanted.push(['customer.updated', [...diff.hashChanged], 'staged']);
    wanted.push(['customer.left', [...diff.leaves], 'members']);

    const ids: string[] = [];
    const customers: number[] = [];
    const types: string[] = [];
    const detected: string[] = [];
    const bodies: string[] = [];
    for (const [type, customerIds, table] of wanted) {
      const payloads = await payloadsOf(client, table, key, customerIds);
      for (const customerId of customerIds) {
        const change = buildChange(
          {
            alias: input.cluster.alias,
            clusterId: input.cluster.clusterId,
            customerId,
            type,
            scan: scanNo,
          },
          input.record.finishedAt,
          JSON.parse(payloads.get(customerId) ?? `{"id":${customerId}}`) as CustomerPayload,
        );
        ids.push(change.id);
        customers.push(customerId);
        types.push(type);
        detected.push(change.detected_at);
        bodies.push(JSON.stringify(change));
      }
    }
    // One statement; ORDER BY keeps `seq` in emit order (joins, updates, leaves).
    await client.query(
      `INSERT INTO outbox (event_id, cluster_key, customer_id, type, scan_no, detected_at, body)
       SELECT e.id, $1, e.customer, e.type, $2, e.detected, e.body
       FROM unnest($3::text[], $4::bigint[], $5::text[], $6::timestamptz[], $7::text[])
         WITH ORDINALITY AS e(id, customer, type, detected, body, n)
       ORDER BY e.n
       ON CONFLICT (event_id) DO NOTHING`,
      [key, scanNo, ids, customers, types, detected, bodies],
    );
    await client.query(
      'DELETE FROM members WHERE cluster_key = $1 AND customer_id = ANY($2::bigint[])',
      [key, [...diff.leaves]],
    );
    // New members and changed content, straight from staging in one statement.
    await client.query(
      `INSERT INTO members (cluster_key, customer_id, hash, missing_scans, payload)
       SELECT cluster_key, customer_id, hash, 0, payload FROM staged WHERE cluster_key = $1
       ON CONFLICT (cluster_key, customer_id)
       DO UPDATE SET hash = excluded.hash, payload = excluded.payload, missing_scans = 0`,
      [key],
    );
    const next = diff.next;
    const missingIds: number[] = [];
    const missingCounts: number[] = [];
    for (const id of diff.missingChanged) {
      const index = binarySearch(next.ids, id);
      if (index >= 0) {
        missingIds.push(id);
        missingCounts.push(next.missing[index]!);
      }
    }
    await client.query(
      `UPDATE members m SET missing_scans = u.missing
       FROM unnest($2::bigint[], $3::integer[]) AS u(id, missing)
       WHERE m.cluster_key = $1 AND m.customer_id = u.id`,
      [key, missingIds, missingCounts],
    );
    await insertPostgresScanRow(client, key, scanNo, outcome, input);
    await client.query(
      `UPDATE clusters SET last_scan = $1, member_count = $2,
         baseline_scan = coalesce(baseline_scan, $1), hash_fields = $3 WHERE cluster_key = $4`,
      [scanNo, next.ids.length, JSON.stringify(input.hashFields), key],
    );
    await client.query('DELETE FROM staged WHERE cluster_key = $1', [key]);
    return { scanNo, outcome, events: ids.length };
  });
}

/** Records a scan that must not change anything: it only consumes a scan number. */
export async function recordPostgresIncompleteScan(
  pool: pg.Pool,
  cluster: ClusterRow,
  record: ScanRecord,
): Promise<number> {
  return inTransaction(pool, async (client) => {
    const { last_scan: lastScan } = await lockCluster(client, cluster.clusterKey);
    const scanNo = lastScan + 1;
    await insertPostgresScanRow(client, cluster.clusterKey, scanNo, 'incomplete', { record });
    await client.query('UPDATE clusters SET last_scan = $1 WHERE cluster_key = $2', [
      scanNo,
      cluster.clusterKey,
    ]);
    await client.query('DELETE FROM staged WHERE cluster_key = $1', [cluster.clusterKey]);
    return scanNo;
  });
}

async function lockCluster(
  client: pg.PoolClient,
  key: number,
): Promise<{ last_scan: number; baseline_scan: number | null }> {
  const { rows } = await client.query<{ last_scan: number; baseline_scan: number | null }>(
    'SELECT last_scan, baseline_scan FROM clusters WHERE cluster_key = $1 FOR UPDATE',
    [key],
  );
  return rows[0]!;
}

async function payloadsOf(
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

async function insertPostgresScanRow(
  client: pg.PoolClient,
  key: number,
  scanNo: number,
  outcome: ScanOutcome,
  input: Pick<CommitInput, 'record'> & Partial<CommitInput>,
): Promise<void> {
  await client.query(
    `INSERT INTO scans (cluster_key, scan_no, started_at, finished_at, outcome, pages, requests,
       unique_items, total, joins, leaves, updates, pending, held, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (cluster_key, scan_no) DO UPDATE SET started_at = excluded.started_at,
       finished_at = excluded.finished_at, outcome = excluded.outcome, pages = excluded.pages,
       requests = excluded.requests, unique_items = excluded.unique_items, total = excluded.total,
       joins = excluded.joins, leaves = excluded.leaves, updates = excluded.updates,
       pending = excluded.pending, held = excluded.held, detail = excluded.detail`,
    scanRowValues(key, scanNo, outcome, input),
  );
}
