import { type MemberSnapshot } from '@clusterstream/core/membership';
import { type OutboxEvent } from '../sinks/sink.js';
import { type CommitInput, type CommitResult, type ScanRecord } from './commit-plan.js';
import { type StateWriteError } from './errors.js';
import { type LeaseHolder } from './leases.js';
import { type StatusReport } from './status-report.js';
import { type ClusterRow, type StagedMember } from './types.js';

/**
 * Where the watcher keeps its state: snapshots, scan history, staging, the outbox and the
 * leases. Implemented by SQLite (one file, the default) and Postgres (one database, shared by
 * processes on several hosts). Every method may run concurrently with other processes on the
 * same state; the guarantees (atomic commit, at-least-once delivery, one scanner per cluster,
 * one deliverer per outbox) hold per backend as the README states.
 *
 * A fleet worker holds one backend (one `pg.Pool`) and calls `scanAndCommit(settings, cluster)`
 * or `deliverPending(backend.outbox, sinks)` per job.
 */
export interface StateBackend {
  readonly kind: 'sqlite' | 'postgres';
  /** The file path or database URL, safe to print (a URL's password is redacted). */
  readonly location: string;

  /** Returns the cluster row, creating it (no baseline yet) on first sight. */
  cluster(alias: string, clusterId: number): Promise<ClusterRow>;
  /** Every cluster, ordered by alias and id. */
  clusters(): Promise<ClusterRow[]>;
  /** The member snapshot as typed arrays (ascending ids). */
  loadSnapshot(clusterKey: number): Promise<MemberSnapshot>;
  /** Forgets rows staged by an earlier scan that never committed. */
  clearStaged(clusterKey: number): Promise<void>;
  /** Stages new or changed members of the running scan. */
  stage(clusterKey: number, rows: readonly StagedMember[]): Promise<void>;
  /**
   * Snapshot, scan record and outbox events in ONE transaction.
   *
   * @throws StaleSnapshotError when another process committed this cluster since it was loaded.
   */
  commitScan(input: CommitInput): Promise<CommitResult>;
  /** Records a scan that changes nothing but the history; returns its scan number. */
  recordIncompleteScan(cluster: ClusterRow, record: ScanRecord): Promise<number>;

  /**
   * Takes lease `key` (a cluster key, or {@link DELIVERY_LEASE_KEY}) unless another live process
   * holds it. `now` only for tests of expiry.
   *
   * @returns null when this process holds it now, else who does.
   */
  tryLease(key: number, now?: Date): Promise<LeaseHolder | null>;
  /** Gives the lease back (a no-op when this process does not hold it). */
  releaseLease(key: number): Promise<void>;

  /** The transactional outbox of this state: every store's events, under one delivery lease. */
  readonly outbox: OutboxStore;
  /**
   * One store's events only, under that store's own delivery lease, so that workers can deliver
   * different stores at once (a fleet with a webhook per store). Use either this or `outbox` on
   * one state, not both: they do not exclude each other.
   */
  outboxOf(alias: string): OutboxStore;
  /** What `dooki-watch status` shows; reads only. */
  status(): Promise<StatusReport>;
  /** `error` as a {@link StateWriteError} when it is a storage failure of this state, else null. */
  asWriteError(error: unknown): StateWriteError | null;
  close(): Promise<void>;
}

/**
 * Read and acknowledge side of the outbox. Events are written by `commitScan` in the snapshot's
 * transaction; here they are read in `seq` order and marked delivered, under the delivery lease.
 */
export interface OutboxStore {
  /** Takes the delivery lease: null when this process may deliver, else who is delivering. */
  claimDelivery(): Promise<LeaseHolder | null>;
  /**
   * The next undelivered events, oldest first; when none is left the delivery lease is given
   * back in the same transaction, so an event committed meanwhile is in this answer or finds the
   * lease free.
   */
  nextBatch(limit: number): Promise<OutboxEvent[]>;
  releaseDelivery(): Promise<void>;
  /** Up to `limit` undelivered events after `afterSeq`, oldest first. */
  pending(limit: number, afterSeq?: number): Promise<OutboxEvent[]>;
  pendingCount(): Promise<number>;
  /** Undelivered events of one scan of one cluster. */
  pendingOfScan(alias: string, clusterId: number, scanNo: number): Promise<number>;
  /** Marks events delivered, all in one transaction. */
  markDelivered(events: readonly OutboxEvent[], at?: Date): Promise<void>;
  /** Notes a failed attempt on the event that could not be delivered. */
  recordFailure(event: OutboxEvent, error: Error): Promise<void>;
  /** Events detected at or after `since` (delivered or not), in `seq` order, paged. */
  since(since: Date, limit: number, afterSeq?: number): Promise<OutboxEvent[]>;
  /** Why a sink was disabled (410), or null. */
  disabledReason(sink: string): Promise<string | null>;
  disableSink(sink: string, reason: string): Promise<void>;
  enableSink(sink: string): Promise<void>;
}
