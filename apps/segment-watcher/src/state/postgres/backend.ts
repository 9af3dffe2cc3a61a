import { type MemberSnapshot } from '@clusterstream/core/membership';
import type pg from 'pg';
import { type StateBackend } from '../backend.js';
import { type CommitInput, type CommitResult, type ScanRecord } from '../commit-plan.js';
import { redactDatabaseUrl, redactPassword } from '../database-url.js';
import { StateFileError, StateVersionError, type StateWriteError } from '../errors.js';
import { type LeaseHolder } from '../leases.js';
import { readStatus, type StatusReport } from '../status-report.js';
import { type ClusterRow, type StagedMember } from '../types.js';
import { commitScan, recordIncompleteScan } from './commit.js';
import {
  LEASE_RENEW_MS,
  releasePostgresLease,
  renewPostgresLeases,
  tryPostgresLease,
} from './leases.js';
import { migratePostgres } from './migrations.js';
import { PostgresOutbox } from './outbox.js';
import { createPostgresPool, isConnectionLost } from './pool.js';
import { readDisabledSinks, readScanFacts } from './status.js';
import { asPostgresWriteError } from './write-error.js';

export interface PostgresBackendOptions {
  /** `postgres://…`; used to connect unless `pool` is given, and (redacted) in messages. */
  url: string;
  /**
   * A pool made with `createPostgresPool` (or `postgresPoolConfig`), shared with other work; not
   * closed by `close()`. Without it the backend makes its own with `createPostgresPool`.
   */
  pool?: pg.Pool;
  /** How often held leases are renewed. Default {@link LEASE_RENEW_MS}; tests shorten it. */
  leaseRenewMs?: number;
}

/**
 * The Postgres {@link StateBackend}: the same tables as the SQLite file, in schema `dooki_watch`,
 * through one `pg.Pool`. Leases are rows with an expiry the holder renews (see `leases.ts`).
 */
export class PostgresBackend implements StateBackend {
  readonly kind = 'postgres';
  readonly location: string;
  readonly outbox: PostgresOutbox;
  private readonly held = new Set<number>();
  private renewTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly pool: pg.Pool,
    private readonly url: string,
    private readonly ownsPool: boolean,
    private readonly leaseRenewMs: number,
  ) {
    this.location = redactDatabaseUrl(url);
    this.outbox = new PostgresOutbox(pool, this.leaseCallbacks());
  }

  /**
   * Connects and brings the schema up to date (several processes may do so at once).
   *
   * @throws StateFileError naming the redacted URL when the database cannot be used.
   */
  static async open(options: PostgresBackendOptions): Promise<PostgresBackend> {
    // A connection the server drops fails its query (or is replaced when idle); no crash.
    const pool = options.pool ?? createPostgresPool(options.url);
    const renewMs = options.leaseRenewMs ?? LEASE_RENEW_MS;
    const backend = new PostgresBackend(pool, options.url, !options.pool, renewMs);
    try {
      await migratePostgres(pool);
    } catch (error) {
      await backend.close().catch(() => undefined);
      if (error instanceof StateVersionError) throw error;
      // Cut off mid-migration (terminated, failover): a write failure, and a retry will do.
      if (isConnectionLost(error)) throw backend.asWriteError(error) ?? error;
      const reason = redactPassword((error as Error).message, options.url);
      throw new StateFileError(`cannot use the state database ${backend.location}: ${reason}`);
    }
    return backend;
  }

  outboxOf(alias: string): PostgresOutbox {
    return new PostgresOutbox(this.pool, this.leaseCallbacks(), alias);
  }

  async cluster(alias: string, clusterId: number): Promise<ClusterRow> {
    await this.pool.query(
      'INSERT INTO clusters (alias, cluster_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [alias, clusterId],
    );
    const { rows } = await this.pool.query<ClusterDbRow>(
      'SELECT * FROM clusters WHERE alias = $1 AND cluster_id = $2',
      [alias, clusterId],
    );
    return toCluster(rows[0]!);
  }

  async clusters(): Promise<ClusterRow[]> {
    const { rows } = await this.pool.query<ClusterDbRow>(
      'SELECT * FROM clusters ORDER BY alias, cluster_id',
    );
    return rows.map(toCluster);
  }

  async loadSnapshot(clusterKey: number): Promise<MemberSnapshot> {
    const { rows } = await this.pool.query<[number, number, number]>({
      text: `SELECT customer_id, missing_scans, hash FROM members WHERE cluster_key = $1
             ORDER BY customer_id`,
      values: [clusterKey],
      rowMode: 'array',
    });
    const ids = new Float64Array(rows.length);
    const missing = new Uint16Array(rows.length);
    const hashes = new Int32Array(rows.length);
    for (const [index, [id, missed, hash]] of rows.entries()) {
      ids[index] = id;
      missing[index] = missed;
      hashes[index] = hash;
    }
    return { ids, missing, hashes };
  }

  async clearStaged(clusterKey: number): Promise<void> {
    await this.pool.query('DELETE FROM staged WHERE cluster_key = $1', [clusterKey]);
  }

  async stage(clusterKey: number, rows: readonly StagedMember[]): Promise<void> {
    // One statement per batch; the last row of an id wins, as with SQLite's INSERT OR REPLACE.
    const latest = new Map(rows.map((row) => [row.customerId, row]));
    const batch = [...latest.values()];
    await this.pool.query(
      `INSERT INTO staged (cluster_key, customer_id, hash, payload)
       SELECT $1, * FROM unnest($2::bigint[], $3::integer[], $4::text[])
       ON CONFLICT (cluster_key, customer_id)
       DO UPDATE SET hash = excluded.hash, payload = excluded.payload`,
      [
        clusterKey,
        batch.map((row) => row.customerId),
        batch.map((row) => row.hash),
        batch.map((row) => row.payload),
      ],
    );
  }

  commitScan(input: CommitInput): Promise<CommitResult> {
    return commitScan(this.pool, input);
  }

  recordIncompleteScan(cluster: ClusterRow, record: ScanRecord): Promise<number> {
    return recordIncompleteScan(this.pool, cluster, record);
  }

  async tryLease(key: number, now?: Date): Promise<LeaseHolder | null> {
    const holder = await tryPostgresLease(this.pool, key, now);
    if (holder === null) this.hold(key);
    return holder;
  }

  async releaseLease(key: number): Promise<void> {
    this.forget(key);
    await releasePostgresLease(this.pool, key);
  }

  status(): Promise<StatusReport> {
    return readStatus({
      clusters: () => this.clusters(),
      scanFacts: (key) => readScanFacts(this.pool, key),
      disabledSinks: () => readDisabledSinks(this.pool),
      pendingCount: () => this.outbox.pendingCount(),
    });
  }

  asWriteError(error: unknown): StateWriteError | null {
    return asPostgresWriteError(this.url, this.location, error);
  }

  async close(): Promise<void> {
    clearInterval(this.renewTimer);
    this.renewTimer = undefined;
    const held = [...this.held];
    this.held.clear();
    // Leases end with the process anyway (expiry); giving them back lets others start at once.
    await Promise.allSettled(held.map((key) => releasePostgresLease(this.pool, key)));
    if (this.ownsPool) await this.pool.end();
  }

  private leaseCallbacks(): ConstructorParameters<typeof PostgresOutbox>[1] {
    return { take: (key) => this.tryLease(key), forget: (key) => this.forget(key) };
  }

  /** Renews held leases on a timer, so they outlive a long scan but not a dead process. */
  private hold(key: number): void {
    this.held.add(key);
    this.renewTimer ??= setInterval(() => {
      // A missed renewal is retried next tick; a lease lost meanwhile is caught by the commit's
      // stale-snapshot check (scans) or costs a duplicate delivery with the same id (outbox).
      renewPostgresLeases(this.pool, [...this.held]).catch(() => undefined);
    }, this.leaseRenewMs).unref();
  }

  private forget(key: number): void {
    this.held.delete(key);
    if (this.held.size === 0) {
      clearInterval(this.renewTimer);
      this.renewTimer = undefined;
    }
  }
}

interface ClusterDbRow {
  cluster_key: number;
  alias: string;
  cluster_id: number;
  last_scan: number;
  baseline_scan: number | null;
  member_count: number;
  hash_fields: string | null;
}

function toCluster(row: ClusterDbRow): ClusterRow {
  return {
    clusterKey: row.cluster_key,
    alias: row.alias,
    clusterId: row.cluster_id,
    lastScan: row.last_scan,
    baselineScan: row.baseline_scan,
    memberCount: row.member_count,
    hashFields: row.hash_fields,
  };
}
