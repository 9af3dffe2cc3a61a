import { type MemberSnapshot } from '@clusterstream/core/membership';
import { type OutboxEvent } from '../../sinks/sink.js';
import { type OutboxStore, type StateBackend } from '../backend.js';
import { type CommitInput, type CommitResult, type ScanRecord } from '../commit-plan.js';
import { type StateWriteError } from '../errors.js';
import { type LeaseHolder } from '../leases.js';
import { readStatus, type StatusReport } from '../status-report.js';
import { type ClusterRow, type StagedMember } from '../types.js';
import { commitScan, recordIncompleteScan } from './commit.js';
import { type StateStore } from './connection.js';
import { releaseLease, tryLease } from './leases.js';
import { Outbox } from './outbox.js';
import { readDisabledSinks, readScanFacts } from './status.js';
import { asSqliteWriteError } from './write-error.js';

/**
 * The SQLite {@link StateBackend}: the synchronous {@link StateStore} behind promises. Every call
 * still runs to completion before it returns, so behaviour is the store's own.
 */
export class SqliteBackend implements StateBackend {
  readonly kind = 'sqlite';
  readonly outbox: OutboxStore;

  constructor(readonly store: StateStore) {
    this.outbox = new SqliteOutboxStore(new Outbox(store));
  }

  outboxOf(alias: string): OutboxStore {
    return new SqliteOutboxStore(new Outbox(this.store, alias));
  }

  get location(): string {
    return this.store.path;
  }

  cluster(alias: string, clusterId: number): Promise<ClusterRow> {
    return settle(() => this.store.cluster(alias, clusterId));
  }

  clusters(): Promise<ClusterRow[]> {
    return settle(() => this.store.clusters());
  }

  loadSnapshot(clusterKey: number): Promise<MemberSnapshot> {
    return settle(() => this.store.loadSnapshot(clusterKey));
  }

  clearStaged(clusterKey: number): Promise<void> {
    return settle(() => this.store.clearStaged(clusterKey));
  }

  stage(clusterKey: number, rows: readonly StagedMember[]): Promise<void> {
    return settle(() => this.store.stage(clusterKey, rows));
  }

  commitScan(input: CommitInput): Promise<CommitResult> {
    return settle(() => commitScan(this.store, input));
  }

  recordIncompleteScan(cluster: ClusterRow, record: ScanRecord): Promise<number> {
    return settle(() => recordIncompleteScan(this.store, cluster, record));
  }

  tryLease(key: number, now?: Date): Promise<LeaseHolder | null> {
    return settle(() => tryLease(this.store, key, now));
  }

  releaseLease(key: number): Promise<void> {
    return settle(() => releaseLease(this.store, key));
  }

  status(): Promise<StatusReport> {
    const { store } = this;
    return readStatus({
      clusters: () => settle(() => store.clusters()),
      scanFacts: (key) => settle(() => readScanFacts(store, key)),
      disabledSinks: () => settle(() => readDisabledSinks(store)),
      pendingCount: () => this.outbox.pendingCount(),
    });
  }

  asWriteError(error: unknown): StateWriteError | null {
    return asSqliteWriteError(this.store.path, error);
  }

  close(): Promise<void> {
    return settle(() => this.store.close());
  }
}

class SqliteOutboxStore implements OutboxStore {
  constructor(private readonly outbox: Outbox) {}

  claimDelivery(): Promise<LeaseHolder | null> {
    return settle(() => this.outbox.claimDelivery());
  }
  nextBatch(limit: number): Promise<OutboxEvent[]> {
    return settle(() => this.outbox.nextBatch(limit));
  }
  releaseDelivery(): Promise<void> {
    return settle(() => this.outbox.releaseDelivery());
  }
  pending(limit: number, afterSeq?: number): Promise<OutboxEvent[]> {
    return settle(() => this.outbox.pending(limit, afterSeq));
  }
  pendingCount(): Promise<number> {
    return settle(() => this.outbox.pendingCount());
  }
  pendingOfScan(alias: string, clusterId: number, scanNo: number): Promise<number> {
    return settle(() => this.outbox.pendingOfScan(alias, clusterId, scanNo));
  }
  markDelivered(events: readonly OutboxEvent[], at?: Date): Promise<void> {
    return settle(() => this.outbox.markDelivered(events, at));
  }
  recordFailure(event: OutboxEvent, error: Error): Promise<void> {
    return settle(() => this.outbox.recordFailure(event, error));
  }
  since(since: Date, limit: number, afterSeq?: number): Promise<OutboxEvent[]> {
    return settle(() => this.outbox.since(since, limit, afterSeq));
  }
  disabledReason(sink: string): Promise<string | null> {
    return settle(() => this.outbox.disabledReason(sink));
  }
  disableSink(sink: string, reason: string): Promise<void> {
    return settle(() => this.outbox.disableSink(sink, reason));
  }
  enableSink(sink: string): Promise<void> {
    return settle(() => this.outbox.enableSink(sink));
  }
}

/** Runs a synchronous store call as a promise: a throw becomes a rejection. */
function settle<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
