import { hostname } from 'node:os';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Logger,
  makeWorkerUtils,
  run,
  type JobHelpers,
  type Runner,
  type TaskList,
  type WorkerEvents,
  type WorkerUtils,
} from 'graphile-worker';
import pg from 'pg';
import { migrateFleetTables } from './fleet-tables.js';

/** One (store, cluster) scan: a job keyed `scan:<alias>:<cluster>` in the store's queue. */
export interface ScanJob {
  alias: string;
  clusterId: number;
}

/** One store's outbox delivery: a job keyed `deliver:<alias>` in its own queue. */
export interface DeliverJob {
  alias: string;
}

/** What the fleet does per job; the engine only schedules, serializes and recovers. */
export interface FleetTasks {
  /** Lists a store's clusters (for `clusters: all`); returns them and when to list again, or null. */
  discover(
    alias: string,
    signal: AbortSignal,
  ): Promise<{ clusterIds: number[]; nextMs: number } | null>;
  /** Scans and commits; returns when to scan this cluster again (ms from now), or null to stop. */
  scan(job: ScanJob, signal: AbortSignal): Promise<number | null>;
  /** Delivers the store's pending events; throws to be retried with the engine's backoff. */
  deliver(job: DeliverJob, signal: AbortSignal): Promise<void>;
}

export interface JobEngineOptions {
  databaseUrl: string;
  tasks: FleetTasks;
  /** Jobs run at once by this process. Stores are serialized anyway (one queue each). */
  concurrency: number;
  /** How often this process says it is alive. Default 5 s. */
  heartbeatMs?: number;
  /** Silence after which a process counts as dead and its jobs are released. Default 30 s. */
  deadAfterMs?: number;
  /** Where the engine's own log lines go (never secrets: payloads are alias and cluster id). */
  log?: (line: string) => void;
}

export interface JobEngine {
  readonly processId: string;
  /** Makes sure every (store, cluster) has a scan job; never duplicates one (job keys). */
  schedule(jobs: readonly ScanJob[]): Promise<void>;
  /** Makes sure the store's cluster list is read (then its scans scheduled); never duplicated. */
  scheduleDiscovery(alias: string): Promise<void>;
  /** Asks for a delivery of the store's outbox now (at most one pending per store). */
  requestDelivery(alias: string, delayMs?: number): Promise<void>;
  /** Resolves when the job tables answer. */
  check(): Promise<void>;
  /** Finishes running jobs (their signals are aborted), then leaves the fleet. */
  stop(): Promise<void>;
}

export const SCAN_TASK = 'dooki_watch_scan';
export const DISCOVER_TASK = 'dooki_watch_discover';
export const DELIVER_TASK = 'dooki_watch_deliver';

const scanKey = (job: ScanJob): string => `scan:${job.alias}:${job.clusterId}`;
const storeQueue = (alias: string): string => `store:${alias}`;

const PROCESSES_TABLE = `
  create table if not exists dooki_watch_fleet.processes (
    process_id text primary key,
    host text not null,
    pid integer not null,
    worker_ids text[] not null default '{}',
    started_at timestamptz not null default now(),
    heartbeat_at timestamptz not null default now()
  )`;

/**
 * The fleet's job engine: graphile-worker on the shared Postgres.
 *
 * - Each (store, cluster) scan is a job keyed `scan:<alias>:<cluster>`, so however many
 *   processes schedule it there is one; all of a store's scans share the queue
 *   `store:<alias>`, which graphile-worker runs one job at a time across the whole fleet:
 *   one scanner per store, so the fleet spends a store's API budget as one process would.
 * - A scan reschedules itself (`replace` on its key) at the store's interval.
 * - Deliveries are jobs in `deliver:<alias>`: a sink that is down holds back (and retries with
 *   backoff) only its own store's outbox.
 * - graphile-worker releases a crashed worker's locks only after 4 hours, so processes
 *   heartbeat here and a peer that sees one silent for `deadAfterMs` unlocks its workers'
 *   jobs (`forceUnlockWorkers`): a job killed with -9 runs again within that time.
 */
export async function startJobEngine(options: JobEngineOptions): Promise<JobEngine> {
  const log = options.log ?? (() => undefined);
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const deadAfterMs = options.deadAfterMs ?? 30_000;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency + 4 });
  // A dropped connection (Postgres restarted) must not crash the process: the pool reconnects.
  pool.on('error', (error) => log(`database connection lost: ${error.message}`));
  const stopping = new AbortController();
  waitForDatabaseOnConnect(pool, stopping.signal);
  const utils: WorkerUtils = await makeWorkerUtils({ pgPool: pool, logger: quietLogger(log) });
  await utils.migrate();
  await migrateFleetTables(pool, [PROCESSES_TABLE]);

  const processId = `${hostname()}:${process.pid}:${Date.now().toString(36)}`;
  const workerIds = new Set<string>();
  const events: WorkerEvents = new EventEmitter();
  // graphile-worker 0.17 locks jobs and queues with the id of the worker *pool* (getJob is
  // called with `workerPool.id`), so that is the id `forceUnlockWorkers` must be given.
  events.on('pool:create', ({ workerPool }) => workerIds.add(workerPool.id));
  events.on('worker:create', ({ worker }) => workerIds.add(worker.workerId));
  events.on('job:error', ({ job, error }) =>
    log(
      `job ${job.task_identifier} ${job.key ?? job.id} failed (attempt ${job.attempts}): ${(error as Error).message}`,
    ),
  );

  // Stopping aborts running jobs (a scan then commits nothing) and fails them, so another
  // process runs them again at once instead of at the next interval.
  const signalFor = (helpers: JobHelpers): AbortSignal =>
    helpers.abortSignal === undefined
      ? stopping.signal
      : AbortSignal.any([helpers.abortSignal, stopping.signal]);
  const unlessStopping = (): void => {
    if (stopping.signal.aborted)
      throw new Error('this process is stopping; the job runs again elsewhere');
  };
  const taskList: TaskList = {
    [DISCOVER_TASK]: async (payload, helpers) => {
      const { alias } = payload as { alias: string };
      const found = await options.tasks.discover(alias, signalFor(helpers));
      unlessStopping();
      if (found === null) return;
      for (const clusterId of found.clusterIds) {
        await scheduleScan(helpers, { alias, clusterId }, 0, 'unsafe_dedupe');
      }
      await scheduleDiscovery(helpers, alias, found.nextMs, 'replace');
    },
    [SCAN_TASK]: async (payload, helpers) => {
      const job = payload as ScanJob;
      const next = await options.tasks.scan(job, signalFor(helpers));
      unlessStopping();
      if (next !== null) await scheduleScan(helpers, job, next, 'replace');
    },
    [DELIVER_TASK]: async (payload, helpers) => {
      await options.tasks.deliver(payload as DeliverJob, signalFor(helpers));
    },
  };
  const runner: Runner = await run({
    pgPool: pool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 1_000,
    taskList,
    events,
    logger: quietLogger(log),
  });

  // Silence counts only while this process could reach the database itself: after an outage
  // every peer's last heartbeat is old, and releasing a live peer's jobs would run them twice.
  let reachableSince: number | null = Date.now();
  const beat = async (): Promise<void> => {
    await pool.query(
      `insert into dooki_watch_fleet.processes (process_id, host, pid, worker_ids)
         values ($1, $2, $3, $4)
       on conflict (process_id) do update set worker_ids = $4, heartbeat_at = now()`,
      [processId, hostname(), process.pid, [...workerIds]],
    );
    reachableSince ??= Date.now();
    if (Date.now() - reachableSince < deadAfterMs) return;
    const dead = await pool.query<{ process_id: string; worker_ids: string[] }>(
      `delete from dooki_watch_fleet.processes
        where heartbeat_at < now() - make_interval(secs => $1::double precision / 1000)
        returning process_id, worker_ids`,
      [deadAfterMs],
    );
    for (const row of dead.rows) {
      if (row.worker_ids.length > 0) await utils.forceUnlockWorkers(row.worker_ids);
      log(`process ${row.process_id} went silent; its jobs are released to the fleet`);
    }
  };
  const heartbeat = setInterval(() => {
    beat().catch((error: unknown) => {
      reachableSince = null;
      log(`heartbeat failed: ${(error as Error).message}`);
    });
  }, heartbeatMs);
  await beat();

  return {
    processId,
    async schedule(jobs) {
      // `unsafe_dedupe`: a job that exists (even running) is left alone, so a process joining
      // the fleet does not add a second scan of a cluster another process is scanning.
      for (const job of jobs) await scheduleScan(utils, job, 0, 'unsafe_dedupe');
    },
    async scheduleDiscovery(alias) {
      await scheduleDiscovery(utils, alias, 0, 'unsafe_dedupe');
    },
    async requestDelivery(alias, delayMs = 0) {
      await utils.addJob(DELIVER_TASK, { alias } satisfies DeliverJob, {
        jobKey: `deliver:${alias}`,
        jobKeyMode: 'preserve_run_at',
        queueName: `deliver:${alias}`,
        runAt: new Date(Date.now() + delayMs),
        maxAttempts: 1_000,
      });
    },
    async check() {
      await pool.query('select 1 from graphile_worker.jobs limit 1');
    },
    async stop() {
      clearInterval(heartbeat);
      stopping.abort();
      await runner.stop();
      await pool
        .query('delete from dooki_watch_fleet.processes where process_id = $1', [processId])
        .catch(() => undefined);
      await utils.release();
      await pool.end();
    },
  };
}

async function scheduleScan(
  jobs: Pick<JobHelpers, 'addJob'>,
  job: ScanJob,
  delayMs: number,
  mode: 'replace' | 'unsafe_dedupe',
): Promise<void> {
  await jobs.addJob(SCAN_TASK, job, {
    jobKey: scanKey(job),
    jobKeyMode: mode,
    queueName: storeQueue(job.alias),
    runAt: new Date(Date.now() + delayMs),
    // A scan that keeps failing is retried with graphile-worker's backoff, then rescheduled
    // by the next process that starts; it never blocks other stores.
    maxAttempts: 25,
  });
}

async function scheduleDiscovery(
  jobs: Pick<JobHelpers, 'addJob'>,
  alias: string,
  delayMs: number,
  mode: 'replace' | 'unsafe_dedupe',
): Promise<void> {
  await jobs.addJob(
    DISCOVER_TASK,
    { alias },
    {
      jobKey: `discover:${alias}`,
      jobKeyMode: mode,
      queueName: storeQueue(alias),
      runAt: new Date(Date.now() + delayMs),
      maxAttempts: 25,
    },
  );
}

/** Errors of a database that is away for now (restarting, failing over), not of a wrong setup. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03']);
const isUnreachable = (error: unknown): boolean =>
  UNREACHABLE_CODES.has(String((error as { code?: unknown }).code)) ||
  String((error as { code?: unknown }).code).startsWith('08') ||
  /Connection terminated/i.test((error as Error).message);

/**
 * graphile-worker 0.17 does not await the queries that complete or fail a job, and retries only
 * a few error codes, so a connect refused while Postgres restarts becomes an unhandled rejection
 * that ends the process (and a job it ran stays locked for 4 hours). Its `connect()` therefore
 * waits for the database to come back, until this process stops. `pool.query` passes a
 * callback and keeps failing fast (the heartbeat reports it).
 */
function waitForDatabaseOnConnect(pool: pg.Pool, stopping: AbortSignal): void {
  const connect = pool.connect.bind(pool) as (callback?: unknown) => unknown;
  pool.connect = ((callback?: unknown) => {
    if (callback !== undefined) return connect(callback);
    return (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await (connect() as Promise<pg.PoolClient>);
        } catch (error) {
          if (stopping.aborted || !isUnreachable(error)) throw error;
          await sleep(Math.min(2_000, 100 * 2 ** attempt));
        }
      }
    })();
  }) as typeof pool.connect;
}

/** graphile-worker's log levels worth an operator's eye (it logs every job at info). */
const QUIET_LEVELS = new Set(['error', 'warning']);

/** graphile-worker's log, warnings and errors only. */
function quietLogger(log: (line: string) => void): Logger {
  return new Logger(() => (level, message) => {
    if (QUIET_LEVELS.has(String(level))) log(`job engine ${level}: ${message}`);
  });
}
