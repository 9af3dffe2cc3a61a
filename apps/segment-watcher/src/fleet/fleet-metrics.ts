import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Outbox figures read from the database at scrape time. */
export interface OutboxFigures {
  store: string;
  depth: number;
  /** Age of the oldest undelivered event, in seconds; 0 when the outbox is empty. */
  oldestAgeSeconds: number;
}

export type FleetScanOutcome = 'baseline' | 'complete' | 'unstable' | 'incomplete' | 'quarantined';

/**
 * The fleet's Prometheus metrics, per store. Counters are this process's; the outbox gauges
 * are read from the shared database on each scrape, so every worker reports the fleet's
 * outbox (use `max by (store)` across workers, not `sum`).
 */
export class FleetMetrics {
  readonly registry = new Registry();
  readonly scans = new Counter({
    name: 'dooki_watch_scans_total',
    help: 'Cluster scans by store and outcome (baseline, complete, unstable, incomplete, quarantined).',
    labelNames: ['store', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly scanDuration = new Histogram({
    name: 'dooki_watch_scan_duration_seconds',
    help: 'Wall time of one cluster scan, rate-limit waits included.',
    labelNames: ['store'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });
  readonly eventsEmitted = new Counter({
    name: 'dooki_watch_events_emitted_total',
    help: 'Membership events committed to the outbox, by store and type.',
    labelNames: ['store', 'type'] as const,
    registers: [this.registry],
  });
  readonly eventsDelivered = new Counter({
    name: 'dooki_watch_events_delivered_total',
    help: 'Events delivered to a sink, by store.',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'dooki_watch_api_rate_limited_total',
    help: '429 answers from the Dooki API, by store.',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });
  readonly rateLimitWait = new Counter({
    name: 'dooki_watch_rate_limit_wait_seconds_total',
    help: 'Time spent waiting for the store’s API budget (pacing and Retry-After), by store.',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });
  readonly quarantined: Gauge<'store'>;

  /**
   * `readQuarantine`, when given, is read on each scrape: a store quarantined by one worker and
   * released by another then reads the same on every worker, as the outbox gauges do.
   */
  constructor(
    readOutbox: () => Promise<readonly OutboxFigures[]>,
    readQuarantine?: () => Promise<readonly { store: string; quarantined: boolean }[]>,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'dooki_watch_' });
    this.quarantined = new Gauge({
      name: 'dooki_watch_store_quarantined',
      help: '1 while a store is quarantined (credentials revoked: 401, store inactive: 403).',
      labelNames: ['store'] as const,
      registers: [this.registry],
      ...(readQuarantine === undefined
        ? {}
        : {
            async collect(this: Gauge<'store'>) {
              this.reset();
              for (const row of await readQuarantine())
                this.set({ store: row.store }, row.quarantined ? 1 : 0);
            },
          }),
    });
    // One database read serves both gauges on a scrape.
    let pending: Promise<readonly OutboxFigures[]> | undefined;
    const figures = (): Promise<readonly OutboxFigures[]> =>
      (pending ??= readOutbox().finally(() => {
        pending = undefined;
      }));
    const fromOutbox = (pick: (row: OutboxFigures) => number) =>
      async function (this: Gauge<'store'>): Promise<void> {
        this.reset();
        for (const row of await figures()) this.set({ store: row.store }, pick(row));
      };
    new Gauge({
      name: 'dooki_watch_outbox_depth',
      help: 'Undelivered events in the shared outbox, by store.',
      labelNames: ['store'] as const,
      registers: [this.registry],
      collect: fromOutbox((row) => row.depth),
    });
    new Gauge({
      name: 'dooki_watch_outbox_oldest_age_seconds',
      help: 'Age of the oldest undelivered event, by store (0 when none).',
      labelNames: ['store'] as const,
      registers: [this.registry],
      collect: fromOutbox((row) => row.oldestAgeSeconds),
    });
  }
}
