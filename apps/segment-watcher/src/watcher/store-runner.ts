import { type DookiClient } from '@clusterstream/core';
import { lastValueFrom, map, toArray } from 'rxjs';
import { closeSinks, openSinks, type SinkContext, type SinkSpec } from '../sinks/open-sinks.js';
import { type EventSink } from '../sinks/sink.js';
import { type OutboxStore, type StateBackend } from '../state/backend.js';
import { isAuthFailure } from './auth-failure.js';
import { deliverPending, type DeliveryReport } from './deliver.js';
import { scanAndCommit, type ClusterReport, type WatchSettings } from './scan-and-commit.js';
import { resolveWatchSettings, type WatchSettingsInput } from './watch-settings.js';

/**
 * Who guarantees one scanner per cluster and one deliverer per outbox:
 * - `leases`: lease rows in the state (several `dooki-watch` processes sharing one state file or
 *   database, nothing else coordinating them); the store delivers the state's whole outbox.
 * - `scheduler`: the caller runs a store's work one job at a time (the fleet's job engine, a
 *   named queue per store); no lease rows, and the store delivers only its own events.
 */
export type Exclusion = 'leases' | 'scheduler';

/** One store: its client, clusters, truth rules, payload fields, state and sinks. */
export interface StoreRunnerOptions extends Omit<
  WatchSettingsInput,
  'signal' | 'client' | 'state'
> {
  client: DookiClient;
  /** The state it commits to (`openBackend`). */
  state: StateBackend;
  /** Cluster ids, or `all`: every cluster of the store, listed afresh by {@link StoreRunner.listClusters}. */
  clusters: readonly number[] | 'all';
  /** Where events go; opened on first delivery (or by {@link StoreRunner.openSinks}). */
  sinks: readonly (SinkSpec | EventSink)[];
  /** Surroundings the sinks may need (stdout, a signal that stops their retries, file notes). */
  sinkContext?: Omit<SinkContext, 'outbox'>;
  exclusion: Exclusion;
}

/**
 * The one way a store is watched, whatever decides *when*: `--once`, `--interval`, the
 * `watchCluster` Observable and the fleet's job engine all call {@link runOnce} per cluster and
 * {@link deliver} for the outbox. A 401 or 403 is answered once, here: the store is `refused`
 * until a request succeeds again; each scheduler decides what that means (exit 3, error,
 * quarantine).
 */
export class StoreRunner {
  readonly alias: string;
  readonly outbox: OutboxStore;
  /** The 401/403 error of the store's latest request, or null once it answers again. */
  refused: unknown = null;
  private readonly settings: WatchSettings;
  private sinks: Promise<EventSink[]> | undefined;

  constructor(private readonly options: StoreRunnerOptions) {
    this.alias = options.alias;
    // Validates rules and fields now (RangeError), before anything is scanned or written.
    this.settings = {
      ...resolveWatchSettings({ ...options }),
      useLease: options.exclusion === 'leases',
    };
    const { state } = this.settings;
    this.outbox = options.exclusion === 'leases' ? state.outbox : state.outboxOf(options.alias);
  }

  /** The clusters to scan now: the configured ids, or the store's list from the API. */
  async listClusters(signal?: AbortSignal): Promise<number[]> {
    const { clusters, client } = this.options;
    if (clusters !== 'all') return [...clusters];
    try {
      const ids = await lastValueFrom(
        client.clusters(signal ? { signal } : {}).pipe(
          map((cluster) => cluster.id),
          toArray(),
        ),
      );
      this.refused = null;
      return ids;
    } catch (error) {
      if (isAuthFailure(error)) this.refused = error;
      throw error;
    }
  }

  /** The state this store commits to. */
  get stateBackend(): StateBackend {
    return this.settings.state;
  }

  /** Whether this store watches `clusterId` (always, for `all`). */
  watches(clusterId: number): boolean {
    const { clusters } = this.options;
    return clusters === 'all' || clusters.includes(clusterId);
  }

  /** Scans one cluster and commits what changed (see `scanAndCommit`). */
  async runOnce(clusterId: number, signal?: AbortSignal): Promise<ClusterReport> {
    const report = await scanAndCommit(
      signal ? { ...this.settings, signal } : this.settings,
      clusterId,
    );
    if (isAuthFailure(report.error)) this.refused = report.error;
    else if (report.requests > 0) this.refused = null;
    return report;
  }

  /** Drains the outbox into the sinks (at-least-once, in order). */
  async deliver(): Promise<DeliveryReport> {
    return deliverPending(this.outbox, await this.openSinks(), {
      useLease: this.options.exclusion === 'leases',
    });
  }

  /** Opens the sinks now (a CLI reports a bad `--out` before scanning); idempotent. */
  openSinks(): Promise<EventSink[]> {
    this.sinks ??= this.open().catch((error: unknown) => {
      this.sinks = undefined; // the next delivery tries again
      throw error;
    });
    return this.sinks;
  }

  async close(): Promise<void> {
    const sinks = await this.sinks?.catch(() => []);
    if (sinks) await closeSinks(sinks);
  }

  private async open(): Promise<EventSink[]> {
    const specs = this.options.sinks.filter((sink): sink is SinkSpec => 'kind' in sink);
    const ready = this.options.sinks.filter((sink): sink is EventSink => !('kind' in sink));
    const opened = await openSinks(specs, { ...this.options.sinkContext, outbox: this.outbox });
    return [...ready, ...opened];
  }
}
