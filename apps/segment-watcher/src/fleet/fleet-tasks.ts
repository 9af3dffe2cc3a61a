import { setTimeout as sleep } from 'node:timers/promises';
import { isDookiError } from '@clusterstream/core';
import type { StateBackend } from '../state/backend.js';
import type { ClusterReport } from '../watcher/scan-and-commit.js';
import { failureReason, SinkDeliveryError } from './failure-reason.js';
import type { FleetMetrics } from './fleet-metrics.js';
import type { FleetState } from './fleet-state.js';
import type { FleetStore } from './fleet-stores.js';
import type { FleetTasks, NextScan, ScanJob } from './job-engine.js';

export interface FleetTaskContext {
  stores: ReadonlyMap<string, FleetStore>;
  state: StateBackend;
  fleet: FleetState;
  metrics: FleetMetrics;
  log: (line: string) => void;
  /** How long a quarantined store waits before one request checks it again. */
  recheckMs: number;
  requestDelivery: (alias: string) => Promise<void>;
}

/** Cluster lists change rarely: a store's list is read at most this often. */
const DISCOVERY_EVERY_MS = 10 * 60_000;
/** Requests a scan may have in flight at its start (page 1 and the read-ahead). */
const OPENING_REQUESTS = 2;
/** A job this process's file does not cover goes back for another process after this long. */
const HAND_BACK_MS = 60_000;

/**
 * What a fleet job does, over each store's {@link StoreRunner}: quarantine on 401/403 (one
 * cluster's refusal speaks for the store), the store's API budget handed from one worker to the
 * next, metrics, and when to run again.
 */
export function fleetTasks(context: FleetTaskContext): FleetTasks {
  const budget = new StoreBudget(context);
  const quarantine = new Quarantine(context);
  const served = (alias: string): FleetStore => {
    const store = context.stores.get(alias);
    // Task names carry the store, so the engine hands out only jobs of served stores.
    if (store === undefined)
      throw new Error(`job of store ${alias}, which this process does not serve`);
    return store;
  };
  return {
    async discover(alias, signal) {
      const store = served(alias);
      // Another fleet file lists this store's clusters by id: its discovery is not ours to run.
      if (store.clusters !== 'all') return { clusterIds: [], nextMs: handBackMs(store) };
      const waitMs = await quarantine.waitMs(store);
      if (waitMs > 0) return { clusterIds: [], nextMs: waitMs };
      await budget.awaitShare(store, signal);
      try {
        const clusterIds = await store.runner.listClusters(signal);
        await quarantine.lift(store);
        return { clusterIds, nextMs: Math.max(store.intervalMs, DISCOVERY_EVERY_MS) };
      } catch (error) {
        if (store.runner.refused === null) throw error;
        return { clusterIds: [], nextMs: await quarantine.impose(store) };
      } finally {
        await budget.record(store);
      }
    },
    scan: (job, signal, { retry }) =>
      scan(context, served(job.alias), job, signal, { budget, quarantine, retry }),
    async deliver(alias) {
      const report = await served(alias).runner.deliver();
      context.metrics.eventsDelivered.inc({ store: alias }, report.delivered);
      if (report.error !== undefined) {
        // Retried by the engine with its backoff; only this store's outbox waits.
        throw new SinkDeliveryError(
          `${alias}: delivery failed, ${report.pending} events kept: ${report.error.message}`,
          { cause: report.error },
        );
      }
    },
  };
}

async function scan(
  context: FleetTaskContext,
  store: FleetStore,
  { alias, clusterId }: ScanJob,
  signal: AbortSignal,
  { budget, quarantine, retry }: { budget: StoreBudget; quarantine: Quarantine; retry: boolean },
): Promise<NextScan | null> {
  if (!store.runner.watches(clusterId)) return { inMs: handBackMs(store) };
  const waitMs = await quarantine.waitMs(store);
  if (waitMs > 0) return { inMs: waitMs };
  await budget.awaitShare(store, signal);
  const report = await store.runner.runOnce(clusterId, signal).finally(() => budget.record(store));
  // The database failed under the scan: the job fails and is retried with backoff.
  const stateFailure = context.state.asWriteError(report.error);
  if (stateFailure) throw stateFailure;
  context.metrics.scanDuration.observe({ store: alias }, report.durations.scanMs / 1000);
  if (store.runner.refused !== null) return { inMs: await quarantine.impose(store) };
  await quarantine.lift(store);
  countScan(context, alias, report);
  if (isDookiError(report.error, 'DOOKI_ERR_NOT_FOUND') && store.clusters === 'all') {
    context.metrics.clusterGone(alias, clusterId);
    return null;
  }
  // A retry asks too: the failed run may have committed events and then failed (a database
  // cut while recording the budget, say) before asking; this run then finds nothing new, and
  // without the request those events would wait in the outbox for the store's next change.
  if (report.events > 0 || retry) await context.requestDelivery(alias);
  return { everyMs: budget.nextScanMs(store, report) };
}

function countScan(context: FleetTaskContext, alias: string, report: ClusterReport): void {
  const { metrics, log } = context;
  metrics.scans.inc({ store: alias, outcome: report.outcome });
  // A scan that comes back incomplete failed as a job, though it throws nothing.
  if (report.outcome === 'incomplete')
    metrics.jobFailed(alias, 'scan', failureReason(report.error));
  else metrics.scanCompleted(alias, report.clusterId);
  if (report.outcome === 'incomplete' && report.reason !== undefined)
    log(`${alias} cluster ${report.clusterId}: scan incomplete (${report.reason})`);
  // What was committed to the outbox: a silent baseline emits nothing.
  for (const type of ['joined', 'left', 'updated'] as const) {
    const count = report.emitted[type];
    if (count > 0) metrics.eventsEmitted.inc({ store: alias, type: `customer.${type}` }, count);
  }
}

/** A job of a store whose clusters another fleet file names goes back at the store's pace. */
const handBackMs = (store: FleetStore): number => Math.min(store.intervalMs, HAND_BACK_MS);

/** 401/403: the store waits, shared by every worker, until one request finds it answering. */
class Quarantine {
  constructor(private readonly context: FleetTaskContext) {}

  /** How long this store still waits before its next check; 0 when it is not quarantined. */
  async waitMs(store: FleetStore): Promise<number> {
    const held = await this.context.fleet.quarantined(store.alias);
    return held === null
      ? 0
      : Math.max(0, held.since.getTime() + this.context.recheckMs - Date.now());
  }

  async impose(store: FleetStore): Promise<number> {
    const error = store.runner.refused as { code?: string; message?: string };
    const reason = `${error.code ?? 'error'}: ${error.message ?? 'refused'}`;
    await this.context.fleet.quarantine(store.alias, reason);
    this.context.metrics.scans.inc({ store: store.alias, outcome: 'quarantined' });
    const seconds = Math.round(this.context.recheckMs / 1000);
    this.context.log(`store ${store.alias} quarantined (${reason}); next check in ${seconds} s`);
    return this.context.recheckMs;
  }

  async lift(store: FleetStore): Promise<void> {
    if (await this.context.fleet.release(store.alias))
      this.context.log(`store ${store.alias} answers again; quarantine lifted`);
  }
}

/**
 * A store's API budget across the fleet: the budget the last scan left (on any worker) is
 * waited out before the next scan starts, and a store whose scans need more requests than its
 * quota allows per interval is scanned at the pace the quota allows instead (said once).
 */
class StoreBudget {
  private readonly requests = new Map<string, Map<number, number>>();
  private readonly stretched = new Set<string>();

  constructor(private readonly context: FleetTaskContext) {}

  async awaitShare(store: FleetStore, signal: AbortSignal): Promise<void> {
    if (store.quota === false) return;
    const reading = await this.context.fleet.budget(store.alias);
    if (reading === null || reading.remaining >= OPENING_REQUESTS) return;
    const wait = reading.observedAt.getTime() + store.quota.windowMs - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal });
  }

  async record(store: FleetStore): Promise<void> {
    if (store.lastBudget !== null)
      await this.context.fleet.recordBudget(store.alias, store.lastBudget);
  }

  /** The store's interval, or longer when its clusters' scans need more than its quota gives. */
  nextScanMs(store: FleetStore, report: ClusterReport): number {
    if (store.quota === false || report.outcome === 'incomplete') return store.intervalMs;
    const perCluster = this.requests.get(store.alias) ?? new Map<number, number>();
    perCluster.set(report.clusterId, report.requests);
    this.requests.set(store.alias, perCluster);
    let total = 0;
    for (const count of perCluster.values()) total += count;
    // The API's stated limit wins over the assumed one; its window is never stated.
    const limit = store.statedLimit ?? store.quota.limit;
    const neededMs = Math.ceil((total * store.quota.windowMs) / limit);
    if (neededMs <= store.intervalMs) {
      this.stretched.delete(store.alias);
      return store.intervalMs;
    }
    if (!this.stretched.has(store.alias)) {
      this.stretched.add(store.alias);
      this.context.log(
        `store ${store.alias}: its scans take ${total} requests, which its quota serves every ${Math.round(neededMs / 1000)} s; scanning at that pace instead of every ${Math.round(store.intervalMs / 1000)} s`,
      );
    }
    return neededMs;
  }
}
