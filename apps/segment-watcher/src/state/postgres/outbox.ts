import type pg from 'pg';
import { type OutboxEvent } from '../../sinks/sink.js';
import { type OutboxStore } from '../backend.js';
import { DELIVERY_LEASE_KEY, storeLeaseKey, type LeaseHolder } from '../leases.js';
import { releasePostgresLease } from './leases.js';
import { inTransaction } from './connection.js';

const EVENT_COLUMNS = 'seq, event_id AS id, customer_id AS "customerId", body';

/**
 * The Postgres outbox; see {@link OutboxStore}. With an `alias`, only that store's events, under
 * the store's own delivery lease ({@link storeLeaseKey}).
 */
export class PostgresOutbox implements OutboxStore {
  /** Null: a store without clusters, so nothing to deliver (and no lease to take). */
  private leaseKey: number | null = DELIVERY_LEASE_KEY;

  constructor(
    private readonly pool: pg.Pool,
    private readonly lease: {
      take: (key: number) => Promise<LeaseHolder | null>;
      forget: (key: number) => void;
    },
    private readonly alias: string | null = null,
  ) {}

  async claimDelivery(): Promise<LeaseHolder | null> {
    if (this.alias !== null) {
      const { rows } = await this.pool.query<{ first: number | null }>(
        'SELECT min(cluster_key) AS first FROM clusters WHERE alias = $1',
        [this.alias],
      );
      this.leaseKey = storeLeaseKey(rows[0]!.first);
    }
    return this.leaseKey === null ? null : this.lease.take(this.leaseKey);
  }

  /**
   * Locks the delivery lease row first: a process committing events and then claiming the lease
   * waits here until this transaction ends, so it either sees the lease free or its events are in
   * this batch (SQLite gets the same from `BEGIN IMMEDIATE`).
   */
  async nextBatch(limit: number): Promise<OutboxEvent[]> {
    const key = this.leaseKey;
    // No lease without clusters: events committed since wait for the next claim.
    if (key === null) return [];
    const batch = await inTransaction(this.pool, async (client) => {
      await client.query('SELECT 1 FROM leases WHERE cluster_key = $1 FOR UPDATE', [key]);
      const { rows } = await client.query<OutboxEvent>(
        `SELECT ${EVENT_COLUMNS} FROM outbox WHERE delivered_at IS NULL ${this.scope(2)}
         ORDER BY seq LIMIT $1`,
        [limit, ...this.scopeParams()],
      );
      if (rows.length === 0) await releasePostgresLease(client, key);
      return rows;
    });
    if (batch.length === 0) this.lease.forget(key);
    return batch;
  }

  async releaseDelivery(): Promise<void> {
    if (this.leaseKey === null) return;
    await releasePostgresLease(this.pool, this.leaseKey);
    this.lease.forget(this.leaseKey);
  }

  async pending(limit: number, afterSeq = 0): Promise<OutboxEvent[]> {
    const { rows } = await this.pool.query<OutboxEvent>(
      `SELECT ${EVENT_COLUMNS} FROM outbox WHERE delivered_at IS NULL AND seq > $1 ${this.scope(3)}
       ORDER BY seq LIMIT $2`,
      [afterSeq, limit, ...this.scopeParams()],
    );
    return rows;
  }

  async pendingCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL ${this.scope(1)}`,
      this.scopeParams(),
    );
    return rows[0]!.n;
  }

  async pendingOfScan(alias: string, clusterId: number, scanNo: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*) AS n FROM outbox JOIN clusters USING (cluster_key)
       WHERE delivered_at IS NULL AND alias = $1 AND cluster_id = $2 AND scan_no = $3`,
      [alias, clusterId, scanNo],
    );
    return rows[0]!.n;
  }

  async markDelivered(events: readonly OutboxEvent[], at = new Date()): Promise<void> {
    if (events.length === 0) return;
    await this.pool.query(
      `UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, last_error = NULL
       WHERE seq = ANY($2::bigint[])`,
      [at.toISOString(), events.map((event) => event.seq)],
    );
  }

  async recordFailure(event: OutboxEvent, error: Error): Promise<void> {
    await this.pool.query(
      'UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE seq = $2',
      [error.message.slice(0, 500), event.seq],
    );
  }

  async since(since: Date, limit: number, afterSeq = 0): Promise<OutboxEvent[]> {
    const { rows } = await this.pool.query<OutboxEvent>(
      `SELECT ${EVENT_COLUMNS} FROM outbox WHERE detected_at >= $1 AND seq > $2
       ORDER BY seq LIMIT $3`,
      [since.toISOString(), afterSeq, limit],
    );
    return rows;
  }

  async disabledReason(sink: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ reason: string }>(
      'SELECT reason FROM sinks WHERE name = $1',
      [sink],
    );
    return rows[0]?.reason ?? null;
  }

  async disableSink(sink: string, reason: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO sinks (name, disabled_at, reason) VALUES ($1, now(), $2)
       ON CONFLICT (name) DO UPDATE SET disabled_at = excluded.disabled_at, reason = excluded.reason`,
      [sink, reason],
    );
  }

  async enableSink(sink: string): Promise<void> {
    await this.pool.query('DELETE FROM sinks WHERE name = $1', [sink]);
  }

  /** The SQL condition limiting rows to this outbox's store, its alias as parameter `$n`. */
  private scope(n: number): string {
    return this.alias === null
      ? ''
      : `AND cluster_key IN (SELECT cluster_key FROM clusters WHERE alias = $${n})`;
  }

  private scopeParams(): string[] {
    return this.alias === null ? [] : [this.alias];
  }
}
