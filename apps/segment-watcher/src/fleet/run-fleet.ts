import { setTimeout as sleep } from 'node:timers/promises';
import type { Writable } from 'node:stream';
import { isDookiError } from '@clusterstream/core';
import { lastValueFrom, map, toArray } from 'rxjs';
import pg from 'pg';
import { PostgresBackend, postgresPoolConfig } from '../state/postgres/postgres-backend.js';
import { redactPassword } from '../state/database-url.js';
import { scanAndCommit } from '../watcher/scan-and-commit.js';
import { isAuthFailure } from '../watcher/auth-failure.js';
import { deliverPending } from '../watcher/deliver.js';
import { resolveWatchSettings } from '../watcher/watch-settings.js';
import type { FleetConfig } from './fleet-config.js';
import { FleetMetrics } from './fleet-metrics.js';
import { FleetState } from './fleet-state.js';
import { buildStores, type StoreRuntime } from './fleet-stores.js';
import { startJobEngine, type FleetTasks, type JobEngine } from './job-engine.js';
import { startOpsServer, type OpsServer } from './ops-server.js';

export interface FleetOptions {
  config: FleetConfig;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  /** Jobs this process runs at once (each mostly waits on its store's budget). */
  concurrency: number;
  /** `/healthz` and `/metrics`; null for none. */
  ops: { port: number; host: string } | null;
  stderr: Writable;
  signal: AbortSignal;
  /** How long a quarantined store waits before one request checks it again. Default 1 h. */
  quarantineRecheckMs?: number;
  /** Heartbeat and dead-process timing of the job engine (tests shorten them). */
  heartbeatMs?: number;
  deadAfterMs?: number;
}

/** A store's API window: the budget a finished scan left is assumed to refill after it. */
const BUDGET_WINDOW_MS = 60_000;
/** Cluster lists change rarely: a store's list is read at most this often. */
const DISCOVERY_EVERY_MS = 10 * 60_000;
/** Requests a scan may have in flight at its start (page 1 and the read-ahead). */
const OPENING_REQUESTS = 2;

/** How long a lease is given back for after a failure; it expires by itself after 2 min anyway. */
const GIVE_BACK_FOR_MS = 120_000;

/**
 * A scan or delivery that failed because the database went away could not give its lease back,
 * and a lease of a live process only expires (2 min). The store's job queue already keeps other
 * workers off the store, so the lease is given back as soon as the database answers again:
 * otherwise the worker that retries the job finds the cluster "busy" for those 2 minutes.
 * Releasing deletes only this process's own row, so it is safe when the lease was never held.
 */
async function giveBackLease(release: () => Promise<void>, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + GIVE_BACK_FOR_MS;
  for (let attempt = 0; Date.now() < deadline && !signal.aborted; attempt++) {
    try {
      return await release();
    } catch {
      await sleep(Math.min(2_000, 100 * 2 ** attempt), undefined, { signal }).catch(
        () => undefined,
      );
    }
  }
}

/**
 * `dooki-watch fleet`: this process joins the fleet. Every process runs the same loop; the
 * job engine decides who scans what. Resolves when `signal` aborts (after running jobs end).
 */
export async function runFleet(options: FleetOptions): Promise<void> {
  const { config, stderr } = options;
  const log = (line: string): void => {
    stderr.write(`dooki-watch fleet: ${redactPassword(line, options.databaseUrl)}\n`);
  };
  const pool = new pg.Pool({
    ...postgresPoolConfig(options.databaseUrl),
    max: options.concurrency + 4,
  });
  pool.on('error', (error) => log(`database connection lost: ${error.message}`));
  const backend = await PostgresBackend.open({ url: options.databaseUrl, pool });
  const fleet = await FleetState.open(pool);
  const metrics = new FleetMetrics(
    () => fleet.outboxFigures(),
    async () => {
      const held = new Set((await fleet.allQuarantined()).map((row) => row.alias));
      return config.stores.map(({ alias }) => ({ store: alias, quarantined: held.has(alias) }));
    },
  );
  const stores = buildStores(config, options.env, metrics);
  const recheckMs = options.quarantineRecheckMs ?? 3_600_000;

  let engine: JobEngine | undefined;
  const quarantine = async (store: StoreRuntime, error: unknown): Promise<number> => {
    const reason = `${(error as { code?: string }).code ?? 'error'}: ${(error as Error).message}`;
    await fleet.quarantine(store.alias, reason);
    metrics.scans.inc({ store: store.alias, outcome: 'quarantined' });
    log(
      `store ${store.alias} quarantined (${reason}); next check in ${Math.round(recheckMs / 1000)} s`,
    );
    return recheckMs;
  };
  const released = async (store: StoreRuntime): Promise<void> => {
    if ((await fleet.quarantined(store.alias)) === null) return;
    await fleet.release(store.alias);
    log(`store ${store.alias} answers again; quarantine lifted`);
  };
  /** Waits when the last scan of this store, on any worker, left too little of its budget. */
  const awaitBudget = async (store: StoreRuntime, signal: AbortSignal): Promise<void> => {
    const reading = await fleet.budget(store.alias);
    if (reading === null || reading.remaining >= OPENING_REQUESTS) return;
    const wait = reading.observedAt.getTime() + BUDGET_WINDOW_MS - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal });
  };
  const recordBudget = async (store: StoreRuntime): Promise<void> => {
    if (store.lastBudget !== null) await fleet.recordBudget(store.alias, store.lastBudget);
  };

  const tasks: FleetTasks = {
    async discover(alias, signal) {
      const store = stores.get(alias);
      if (store === undefined || store.clusters !== 'all') return null;
      await awaitBudget(store, signal);
      try {
        const clusterIds = await lastValueFrom(
          store.client.clusters({ signal }).pipe(
            map((cluster) => cluster.id),
            toArray(),
          ),
        );
        await released(store);
        return { clusterIds, nextMs: Math.max(store.intervalMs, DISCOVERY_EVERY_MS) };
      } catch (error) {
        if (isAuthFailure(error)) return { clusterIds: [], nextMs: await quarantine(store, error) };
        throw error;
      } finally {
        await recordBudget(store);
      }
    },
    async scan({ alias, clusterId }, signal) {
      const store = stores.get(alias);
      if (store === undefined) return null; // no longer in the fleet file
      if (store.clusters !== 'all' && !store.clusters.includes(clusterId)) return null;
      const held = await fleet.quarantined(alias);
      if (held !== null) {
        // One cluster's 401 speaks for the store: its other clusters wait without a request.
        const wait = held.since.getTime() + recheckMs - Date.now();
        if (wait > 0) return wait;
      }
      await awaitBudget(store, signal);
      const settings = resolveWatchSettings({
        client: store.client,
        alias,
        state: backend,
        ...store.rules,
        ...(store.payloadFields === undefined ? {} : { payloadFields: store.payloadFields }),
        signal,
      });
      const { clusterKey } = await backend.cluster(alias, clusterId);
      const report = await scanAndCommit(settings, clusterId)
        .catch(async (error: unknown) => {
          await giveBackLease(() => backend.releaseLease(clusterKey), signal);
          throw error;
        })
        .finally(() => recordBudget(store));
      metrics.scanDuration.observe({ store: alias }, report.durations.scanMs / 1000);
      if (isAuthFailure(report.error)) return quarantine(store, report.error);
      await released(store);
      metrics.scans.inc({ store: alias, outcome: report.outcome });
      if (report.outcome === 'incomplete' && report.reason !== undefined) {
        log(`${alias} cluster ${clusterId}: scan incomplete (${report.reason})`);
      }
      if (isDookiError(report.error, 'DOOKI_ERR_NOT_FOUND') && store.clusters === 'all')
        return null;
      metrics.eventsEmitted.inc({ store: alias, type: 'customer.joined' }, report.joins);
      metrics.eventsEmitted.inc({ store: alias, type: 'customer.left' }, report.leaves);
      metrics.eventsEmitted.inc({ store: alias, type: 'customer.updated' }, report.updates);
      if (report.events > 0) await engine?.requestDelivery(alias);
      return store.intervalMs;
    },
    async deliver({ alias }, signal) {
      const store = stores.get(alias);
      if (store === undefined) return;
      const outbox = backend.outboxOf(alias);
      const report = await deliverPending(outbox, await store.sinks(outbox, signal)).catch(
        async (error: unknown) => {
          await giveBackLease(() => outbox.releaseDelivery(), signal);
          throw error;
        },
      );
      metrics.eventsDelivered.inc({ store: alias }, report.delivered);
      if (report.error !== undefined) {
        // Retried by the engine with its backoff; only this store's outbox waits.
        throw new Error(
          `${alias}: delivery failed, ${report.pending} events kept: ${report.error.message}`,
        );
      }
    },
  };

  let ops: OpsServer | undefined;
  try {
    engine = await startJobEngine({
      databaseUrl: options.databaseUrl,
      tasks,
      concurrency: options.concurrency,
      log,
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      ...(options.deadAfterMs === undefined ? {} : { deadAfterMs: options.deadAfterMs }),
    });
    if (options.ops !== null) {
      const running = engine;
      ops = await startOpsServer({
        ...options.ops,
        metrics,
        checks: {
          database: () => pool.query('select 1').then(() => undefined),
          jobEngine: () => running.check(),
        },
      });
      log(`ops server on ${ops.url} (/healthz, /metrics)`);
    }
    for (const store of stores.values()) {
      if (store.clusters === 'all') await engine.scheduleDiscovery(store.alias);
      else
        await engine.schedule(
          store.clusters.map((clusterId) => ({ alias: store.alias, clusterId })),
        );
      // Events committed by a process that died before delivering them are picked up too.
      await engine.requestDelivery(store.alias);
    }
    log(`${engine.processId} joined: ${stores.size} stores, ${options.concurrency} jobs at a time`);
    await new Promise((resolve) =>
      options.signal.addEventListener('abort', resolve, { once: true }),
    );
    log('stopping: finishing running jobs');
  } finally {
    await engine?.stop();
    await ops?.close();
    for (const store of stores.values()) await store.close();
    await backend.close();
    await pool.end();
  }
}
