import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DatabaseFiguresReader, type DatabaseFigures } from './database-figures.js';
import type { FailureReason } from './failure-reason.js';
import type { JobKind } from './job-engine.js';

export type { DatabaseFigures, OutboxFigures } from './database-figures.js';

export type FleetScanOutcome = 'baseline' | 'complete' | 'unstable' | 'incomplete' | 'quarantined';

/** A store of the fleet file, as the metrics name it. */
export interface MeteredStore {
  alias: string;
  intervalMs: number;
}

const PREFIX = 'dooki_watch_';

/**
 * prom-client's default metrics include three gauges named like counters, which
 * `promtool check metrics` refuses ("non-counter metrics should not have _total suffix"); each is
 * the sum of its per-type sibling (`sum without (type) (dooki_watch_nodejs_active_handles)`),
 * so they are dropped rather than renamed (prom-client issue #283 proposes the same).
 */
const COUNTER_NAMED_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * The fleet's Prometheus metrics. Labels are bounded by the fleet file: `store` (its stores, or
 * the database's for the outbox), `cluster` (a store's clusters), and closed sets (`outcome`,
 * `type`, `kind`, `reason`); never a customer. Counters and scan timestamps are this process's;
 * the outbox and quarantine gauges are read from the shared database on each scrape, so every
 * worker reports the fleet's (use `max by (store)` across workers, not `sum`). When that read
 * fails, the scrape still answers: those gauges are left out and
 * `dooki_watch_metrics_collect_errors_total` goes up.
 */
export class FleetMetrics {
  readonly registry = new Registry();
  readonly scans = new Counter({
    name: `${PREFIX}scans_total`,
    help: 'Cluster scans by store and outcome (baseline, complete, unstable, incomplete, quarantined); unit: scans.',
    labelNames: ['store', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly scanDuration = new Histogram({
    name: `${PREFIX}scan_duration_seconds`,
    help: 'Wall time of one cluster scan, rate-limit waits included; unit: seconds.',
    labelNames: ['store'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });
  readonly eventsEmitted = new Counter({
    name: `${PREFIX}events_emitted_total`,
    help: 'Membership events committed to the outbox, by store and type; unit: events.',
    labelNames: ['store', 'type'] as const,
    registers: [this.registry],
  });
  readonly eventsDelivered = new Counter({
    name: `${PREFIX}events_delivered_total`,
    help: 'Events delivered to a sink, by store; unit: events.',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: `${PREFIX}api_rate_limited_total`,
    help: '429 answers from the Dooki API, by store, whether retried or not; unit: responses.',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });
  readonly rateLimitWait = new Counter({
    name: `${PREFIX}rate_limit_wait_seconds_total`,
    help: 'Time spent waiting for the store’s API budget (pacing and Retry-After), by store; unit: seconds.',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });
  readonly jobFailures = new Counter({
    name: `${PREFIX}job_failures_total`,
    help: 'Fleet jobs that failed (scan incomplete or thrown, discovery or delivery thrown), by store, kind (scan, discover, deliver) and reason; unit: jobs.',
    // `kind`, not `job`: Prometheus gives every target a `job` label of its own.
    labelNames: ['store', 'kind', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly lastCompleteScan = new Gauge({
    name: `${PREFIX}last_complete_scan_timestamp_seconds`,
    help: 'When this process last completed a scan of the cluster (baseline, complete or unstable), by store and cluster; unit: seconds since the Unix epoch.',
    labelNames: ['store', 'cluster'] as const,
    registers: [this.registry],
  });

  /**
   * `stores`: the fleet file's; `readDatabase`: the shared figures, read on each scrape (null
   * before the process has its database: the gauges are left out, and that is no error).
   */
  constructor(
    stores: readonly MeteredStore[],
    readDatabase: () => Promise<DatabaseFigures | null>,
    options: { databaseTimeoutMs?: number } = {},
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    for (const name of COUNTER_NAMED_GAUGES) this.registry.removeSingleMetric(PREFIX + name);
    const interval = new Gauge({
      name: `${PREFIX}scan_interval_seconds`,
      help: 'The scan interval the fleet file sets for the store; unit: seconds.',
      labelNames: ['store'] as const,
      registers: [this.registry],
    });
    for (const store of stores) {
      interval.set({ store: store.alias }, store.intervalMs / 1000);
      // Present at 0 from the start, so `increase()` sees a store's first 429.
      this.rateLimited.inc({ store: store.alias }, 0);
    }
    const collectErrors = new Counter({
      name: `${PREFIX}metrics_collect_errors_total`,
      help: 'Scrapes whose database read failed or timed out (the outbox and quarantine gauges were left out); unit: scrapes.',
      registers: [this.registry],
      // The scrape's own read is awaited (shared with the gauges), so its failure counts at once.
      collect: async () => void (await reader.read()),
    });
    const reader = new DatabaseFiguresReader(
      readDatabase,
      () => collectErrors.inc(),
      options.databaseTimeoutMs,
    );
    this.registerDatabaseGauges(stores, reader);
  }

  /** A scan of `cluster` read the whole cluster and committed. */
  scanCompleted(store: string, cluster: number, at = new Date()): void {
    this.lastCompleteScan.set({ store, cluster: String(cluster) }, at.getTime() / 1000);
  }

  /** The cluster is gone from its store: its scan time is no longer reported. */
  clusterGone(store: string, cluster: number): void {
    this.lastCompleteScan.remove({ store, cluster: String(cluster) });
  }

  /** Counts a failed job; a null reason (an aborted job) is no failure. */
  jobFailed(store: string, kind: JobKind, reason: FailureReason | null): void {
    if (reason !== null) this.jobFailures.inc({ store, kind, reason });
  }

  /** Outbox and quarantine gauges: one database read per scrape serves all three. */
  private registerDatabaseGauges(
    stores: readonly MeteredStore[],
    reader: DatabaseFiguresReader,
  ): void {
    const fromDatabase = (values: (figures: DatabaseFigures) => Map<string, number>) =>
      async function (this: Gauge<'store'>): Promise<void> {
        this.reset();
        const figures = await reader.read();
        if (figures === null) return;
        // Every configured store is present (0 when it has nothing), then what the database adds.
        for (const store of stores) this.set({ store: store.alias }, 0);
        for (const [store, value] of values(figures)) this.set({ store }, value);
      };
    const gauge = (name: string, help: string, values: Parameters<typeof fromDatabase>[0]) =>
      new Gauge({
        name: PREFIX + name,
        help,
        labelNames: ['store'] as const,
        registers: [this.registry],
        collect: fromDatabase(values),
      });
    gauge(
      'store_quarantined',
      '1 while a store is quarantined (credentials revoked: 401, store inactive: 403), else 0; read from the database; unit: boolean.',
      (figures) => new Map(figures.quarantined.map((alias) => [alias, 1])),
    );
    gauge(
      'outbox_depth',
      'Undelivered events in the shared outbox, by store (0 when none); read from the database; unit: events.',
      (figures) => new Map(figures.outbox.map((row) => [row.store, row.depth])),
    );
    gauge(
      'outbox_oldest_age_seconds',
      'Age of the oldest undelivered event, by store (0 when none); read from the database; unit: seconds.',
      (figures) => new Map(figures.outbox.map((row) => [row.store, row.oldestAgeSeconds])),
    );
  }
}
