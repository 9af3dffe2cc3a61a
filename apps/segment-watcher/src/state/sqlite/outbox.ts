import { type OutboxEvent } from '../../sinks/sink.js';
import { DELIVERY_LEASE_KEY, storeLeaseKey, type LeaseHolder } from '../leases.js';
import { type StateStore } from './connection.js';
import { releaseLease, tryLease } from './leases.js';

/**
 * Read and acknowledge side of the transactional outbox. Events are written by `commitScan` in the
 * same transaction as the snapshot; here they are only read in `seq` order and marked delivered.
 * One process at a time delivers: {@link claimDelivery} takes the delivery lease.
 */
export class Outbox {
  /** The lease this outbox delivers under; null: a store without clusters, nothing to deliver. */
  private leaseKey: number | null;

  /**
   * @param alias Only this store's events, under its own delivery lease (a fleet delivering per
   *   store); omitted: every event of the file, under the file's delivery lease.
   */
  constructor(
    private readonly state: StateStore,
    private readonly alias: string | null = null,
  ) {
    this.leaseKey = alias === null ? DELIVERY_LEASE_KEY : this.storeLeaseKey(alias);
  }

  /**
   * Takes the delivery lease of this state file (or store). Two deliverers would send the same
   * events twice and out of order.
   *
   * @returns null when this process may deliver, else who is delivering.
   */
  claimDelivery(): LeaseHolder | null {
    if (this.alias !== null) this.leaseKey = this.storeLeaseKey(this.alias);
    return this.leaseKey === null ? null : tryLease(this.state, this.leaseKey);
  }

  /**
   * The next undelivered events, oldest first. When none is left the delivery lease is given
   * back in the same transaction, so events another process commits meanwhile are either in
   * this answer or find the lease free: they are never left without a deliverer.
   */
  nextBatch(limit: number): OutboxEvent[] {
    return this.state.db
      .transaction((): OutboxEvent[] => {
        // No lease without clusters: events committed since wait for the next claim.
        const batch = this.leaseKey === null ? [] : this.pending(limit);
        if (batch.length === 0) this.releaseDelivery();
        return batch;
      })
      .immediate();
  }

  /** Gives the delivery lease back (a no-op when this process does not hold it). */
  releaseDelivery(): void {
    if (this.leaseKey !== null) releaseLease(this.state, this.leaseKey);
  }

  /** Up to `limit` undelivered events after `afterSeq`, oldest first. */
  pending(limit: number, afterSeq = 0): OutboxEvent[] {
    return this.state.db
      .prepare(
        `SELECT seq, event_id AS id, customer_id AS customerId, body FROM outbox
         WHERE delivered_at IS NULL AND seq > ? ${this.scope()} ORDER BY seq LIMIT ?`,
      )
      .all(afterSeq, ...this.scopeParams(), limit) as OutboxEvent[];
  }

  pendingCount(): number {
    return (
      this.state.db
        .prepare(`SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL ${this.scope()}`)
        .get(...this.scopeParams()) as {
        n: number;
      }
    ).n;
  }

  /** Undelivered events of one scan of one cluster. */
  pendingOfScan(alias: string, clusterId: number, scanNo: number): number {
    return (
      this.state.db
        .prepare(
          `SELECT count(*) AS n FROM outbox JOIN clusters USING (cluster_key)
           WHERE delivered_at IS NULL AND alias = ? AND cluster_id = ? AND scan_no = ?`,
        )
        .get(alias, clusterId, scanNo) as { n: number }
    ).n;
  }

  /** Marks events delivered, all in one transaction. */
  markDelivered(events: readonly OutboxEvent[], at = new Date()): void {
    const mark = this.state.db.prepare(
      'UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE seq = ?',
    );
    const when = at.toISOString();
    this.state.db.transaction(() => {
      for (const event of events) mark.run(when, event.seq);
    })();
  }

  /** Notes a failed attempt on the event that could not be delivered. */
  recordFailure(event: OutboxEvent, error: Error): void {
    this.state.db
      .prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?')
      .run(error.message.slice(0, 500), event.seq);
  }

  /** Events detected at or after `since` (delivered or not), in `seq` order, paged. */
  since(since: Date, limit: number, afterSeq = 0): OutboxEvent[] {
    return this.state.db
      .prepare(
        `SELECT seq, event_id AS id, customer_id AS customerId, body FROM outbox
         WHERE detected_at >= ? AND seq > ? ORDER BY seq LIMIT ?`,
      )
      .all(since.toISOString(), afterSeq, limit) as OutboxEvent[];
  }

  /** Why a sink was disabled (410), or null. */
  disabledReason(sink: string): string | null {
    const row = this.state.db.prepare('SELECT reason FROM sinks WHERE name = ?').get(sink) as
      { reason: string } | undefined;
    return row?.reason ?? null;
  }

  disableSink(sink: string, reason: string): void {
    this.state.db
      .prepare('INSERT OR REPLACE INTO sinks (name, disabled_at, reason) VALUES (?, ?, ?)')
      .run(sink, new Date().toISOString(), reason);
  }

  enableSink(sink: string): void {
    this.state.db.prepare('DELETE FROM sinks WHERE name = ?').run(sink);
  }

  private storeLeaseKey(alias: string): number | null {
    const row = this.state.db
      .prepare('SELECT min(cluster_key) AS first FROM clusters WHERE alias = ?')
      .get(alias) as { first: number | null };
    return storeLeaseKey(row.first);
  }

  /** The SQL condition limiting rows to this outbox's store (none for the whole file). */
  private scope(): string {
    return this.alias === null
      ? ''
      : 'AND cluster_key IN (SELECT cluster_key FROM clusters WHERE alias = ?)';
  }

  private scopeParams(): string[] {
    return this.alias === null ? [] : [this.alias];
  }
}
