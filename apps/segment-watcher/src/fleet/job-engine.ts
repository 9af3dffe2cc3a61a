import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
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
// Not in the package's index: the table of error codes its own database calls retry on.
import { RETRYABLE_ERROR_CODES } from 'graphile-worker/dist/lib.js';
import type pg from 'pg';
import type { FleetState } from './fleet-state.js';
import { startHeartbeat, type Heartbeat } from './heartbeat.js';

/** One (store, cluster) scan: a job keyed `scan:<alias>:<cluster>` in the store's queue. */
export interface ScanJob {
  alias: string;
  clusterId: number;
}

/** What the fleet does per job; the engine only decides when and where. */
export interface FleetTasks {
  /** Lists a store's clusters (`clusters: all`); returns them and when to list again. */
  discover(alias: string, signal: AbortSignal): Promise<{ clusterIds: number[]; nextMs: number }>;
  /**
   * Scans and commits; returns when to scan this cluster again, or null to stop. `retry`: an
   * earlier run of this job failed (or its process died), perhaps after its commit.
   */
  scan(job: ScanJob, signal: AbortSignal, attempt: { retry: boolean }): Promise<NextScan | null>;
  /** Delivers the store's pending events; throws to be retried with the engine's backoff. */
  deliver(alias: string, signal: AbortSignal): Promise<void>;
}

/**
 * When a cluster is scanned next: `everyMs` after this scan was *due* (a fixed rate, so scan time
 * and pickup delay do not push every later scan back), or `inMs` from now (a wait: quarantine, a
 * job handed back).
 */
export type NextScan = { everyMs: number } | { inMs: number };

/** A store this process serves: its alias, clusters and interval. */
export interface ServedStore {
  alias: string;
  clusters: readonly number[] | 'all';
  intervalMs: number;
}

export interface JobEngineOptions {
  /** The process's one pool (shared with the state backend). */
  pool: pg.Pool;
  fleet: FleetState;
  /** The stores of this process's fleet file: it takes jobs of these stores only. */
  stores: readonly ServedStore[];
  tasks: FleetTasks;
  /** Jobs run at once by this process. Stores are serialized anyway (one queue each). */
  concurrency: number;
  /** How often this process says it is alive. Default 5 s. */
  heartbeatMs?: number;
  /** Silence after which a process counts as dead and its jobs are released. Default 30 s. */
  deadAfterMs?: number;
  /** Where the engine's own log lines go (never secrets: payloads are alias and cluster id). */
  log?: (line: string) => void;
  /** Told of every job that failed (threw), except while this process stops. */
  onJobFailure?: (failure: JobFailure) => void;
}

/** A job that threw: its kind, its store and the error. */
export interface JobFailure {
  kind: JobKind;
  alias: string;
  error: unknown;
}

/** The three kinds of fleet job. */
export type JobKind = 'scan' | 'discover' | 'deliver';

export interface JobEngine {
  readonly processId: string;
  /** Makes sure every served store has its jobs, due within this file's interval. */
  schedule(): Promise<void>;
  /** Asks for a delivery of the store's outbox now (at most one pending per store). */
  requestDelivery(alias: string): Promise<void>;
  /** Resolves when the job tables answer. */
  check(): Promise<void>;
  /** Finishes running jobs (their signals are aborted), then leaves the fleet. */
  stop(): Promise<void>;
}

/**
 * Task names carry the store: a process registers only the stores of its own fleet file, and
 * graphile-worker hands a process only jobs whose task it knows. A job of a store this process
 * does not serve is therefore never taken by it, never dropped: it waits for a process that
 * serves the store (two fleet files on one database, a rolling change).
 */
export const taskName = (kind: JobKind, alias: string): string => `dooki_watch:${kind}:${alias}`;

/** The kind and store of a task name made by {@link taskName}; null for another task. */
function parseTaskName(name: string): { kind: JobKind; alias: string } | null {
  const match = /^dooki_watch:(scan|discover|deliver):(.+)$/.exec(name);
  return match === null ? null : { kind: match[1] as JobKind, alias: match[2]! };
}
const storeQueue = (alias: string): string => `store:${alias}`;
const scanKey = (job: ScanJob): string => `scan:${job.alias}:${job.clusterId}`;
const discoverKey = (alias: string): string => `discover:${alias}`;

/**
 * The fleet's job engine: graphile-worker on the process's one pool. Exclusion, as the README's
 * "Fleet" section states it: a store's scans and discovery share the named queue
 * `store:<alias>`, which graphile-worker runs one job at a time fleet-wide (one scanner per
 * store, spending its API budget as one process would); its deliveries share `deliver:<alias>`
 * (one deliverer per store outbox). The heartbeat only recovers jobs of crashed processes.
 */
export async function startJobEngine(options: JobEngineOptions): Promise<JobEngine> {
  retryTerminatedConnections();
  const log = options.log ?? (() => undefined);
  const logger = quietLogger(log);
  const utils: WorkerUtils = await makeWorkerUtils({ pgPool: options.pool, logger });
  let runner: Runner | undefined;
  let heartbeat: Heartbeat | undefined;
  const stopping = new AbortController();
  try {
    await utils.migrate();
    const processId = `${hostname()}:${process.pid}:${Date.now().toString(36)}`;
    const workerIds = new Set<string>();
    heartbeat = await startHeartbeat({
      fleet: options.fleet,
      utils,
      processId,
      workerIds: () => [...workerIds],
      heartbeatMs: options.heartbeatMs ?? 5_000,
      deadAfterMs: options.deadAfterMs ?? 30_000,
      log,
    });
    const fence = heartbeat;
    const signalFor = (helpers: JobHelpers): AbortSignal =>
      AbortSignal.any([
        ...(helpers.abortSignal ? [helpers.abortSignal] : []),
        stopping.signal,
        fence.signal(),
      ]);
    runner = await run({
      pgPool: options.pool,
      concurrency: options.concurrency,
      noHandleSignals: true,
      pollInterval: 1_000,
      taskList: taskList(options, signalFor, stopping.signal),
      events: engineEvents(workerIds, log, (job, error) => {
        const task = parseTaskName(job.task_identifier);
        // A job cut short because this process stops runs again elsewhere: not a failure.
        if (task !== null && !stopping.signal.aborted) options.onJobFailure?.({ ...task, error });
      }),
      logger,
    });
    return engineHandle(options, { utils, runner, heartbeat, stopping, processId });
  } catch (error) {
    stopping.abort();
    await runner?.stop().catch(() => undefined);
    await heartbeat?.stop().catch(() => undefined);
    await Promise.resolve(utils.release()).catch(() => undefined);
    throw error;
  }
}

/** The tasks of every served store: scan, discover and deliver, each under the store's name. */
function taskList(
  options: JobEngineOptions,
  signalFor: (helpers: JobHelpers) => AbortSignal,
  stopping: AbortSignal,
): TaskList {
  const tasks = options.tasks;
  // A job aborted because this process stops fails, so another process runs it again at once.
  const unlessStopping = (): void => {
    if (stopping.aborted) throw new Error('this process is stopping; the job runs again elsewhere');
  };
  const list: TaskList = {};
  for (const { alias } of options.stores) {
    list[taskName('discover', alias)] = async (_payload, helpers) => {
      const found = await tasks.discover(alias, signalFor(helpers));
      unlessStopping();
      for (const clusterId of found.clusterIds)
        await addScan(helpers, { alias, clusterId }, 0, 'unsafe_dedupe');
      await addDiscovery(helpers, alias, found.nextMs, 'replace');
    };
    list[taskName('scan', alias)] = async (payload, helpers) => {
      const job = payload as ScanJob;
      // attempts counts this run: above 1, an earlier run failed or its process died.
      const next = await tasks.scan(job, signalFor(helpers), { retry: helpers.job.attempts > 1 });
      unlessStopping();
      if (next !== null) await addScan(helpers, job, delayOf(next, helpers.job.run_at), 'replace');
    };
    list[taskName('deliver', alias)] = async (_payload, helpers) => {
      await tasks.deliver(alias, signalFor(helpers));
    };
  }
  return list;
}

function engineEvents(
  workerIds: Set<string>,
  log: (line: string) => void,
  failed: (job: { task_identifier: string }, error: unknown) => void,
): WorkerEvents {
  const events: WorkerEvents = new EventEmitter();
  // graphile-worker 0.17 locks jobs and queues with the id of the worker *pool* (getJob is
  // called with `workerPool.id`), so that is the id `forceUnlockWorkers` must be given.
  events.on('pool:create', ({ workerPool }) => workerIds.add(workerPool.id));
  events.on('worker:create', ({ worker }) => workerIds.add(worker.workerId));
  events.on('job:error', ({ job, error }) => {
    log(
      `job ${job.task_identifier} ${job.key ?? job.id} failed (attempt ${job.attempts}): ${(error as Error).message}`,
    );
    failed(job, error);
  });
  return events;
}

function engineHandle(
  options: JobEngineOptions,
  parts: {
    utils: WorkerUtils;
    runner: Runner;
    heartbeat: Heartbeat;
    stopping: AbortController;
    processId: string;
  },
): JobEngine {
  const { utils, runner, heartbeat, stopping } = parts;
  return {
    processId: parts.processId,
    schedule: () => scheduleStores(utils, options.pool, options.stores),
    requestDelivery: (alias) => addDelivery(utils, alias),
    async check() {
      await options.pool.query('SELECT 1 FROM graphile_worker.jobs LIMIT 1');
    },
    async stop() {
      stopping.abort();
      await runner.stop();
      await heartbeat.stop();
      await utils.release();
    },
  };
}

/**
 * Every served store gets its jobs without duplicating any (`unsafe_dedupe` leaves a job that
 * exists, even a running one, alone), and a job due later than this file's interval is brought
 * forward: a restart with a shorter interval takes effect at once, not after the old one.
 * Events committed by a process that died before delivering them are picked up too.
 */
async function scheduleStores(
  utils: WorkerUtils,
  pool: pg.Pool,
  stores: readonly ServedStore[],
): Promise<void> {
  for (const store of stores) {
    const keys: string[] = [];
    if (store.clusters === 'all') {
      await addDiscovery(utils, store.alias, 0, 'unsafe_dedupe');
      const alias = store.alias.replace(/[\\%_]/g, '\\$&'); // literal in LIKE
      keys.push(`scan:${alias}:%`, `discover:${alias}`);
    } else {
      for (const clusterId of store.clusters) {
        await addScan(utils, { alias: store.alias, clusterId }, 0, 'unsafe_dedupe');
        keys.push(scanKey({ alias: store.alias, clusterId }));
      }
    }
    await bringForward(utils, pool, keys, store.intervalMs);
    await addDelivery(utils, store.alias);
  }
}

async function bringForward(
  utils: WorkerUtils,
  pool: pg.Pool,
  keyPatterns: readonly string[],
  intervalMs: number,
): Promise<void> {
  const { rows } = await pool.query<{ id: number }>(
    `SELECT id FROM graphile_worker.jobs
      WHERE key LIKE ANY($1::text[]) AND locked_at IS NULL
        AND run_at > now() + make_interval(secs => $2::double precision / 1000)`,
    [keyPatterns, intervalMs],
  );
  if (rows.length > 0)
    await utils.rescheduleJobs(
      rows.map((row) => String(row.id)),
      { runAt: new Date() },
    );
}

/**
 * graphile-worker 0.17 completes and fails jobs without awaiting the query (worker.js), so a
 * failure there is an unhandled rejection that ends the process, and it retries only the error
 * codes of its own table (serialization failures, 57P03). A failover or `pg_terminate_backend`
 * ends a connection with 57P01/57P02 (or an 08 class code): the statement was rolled back, so
 * running it again on a fresh connection is safe, and that is what adding the codes does.
 * (graphile-worker 0.18 awaits these calls but needs Node 22.)
 */
function retryTerminatedConnections(): void {
  for (const code of ['57P01', '57P02', '08000', '08003', '08006', 'ECONNRESET', 'ECONNREFUSED'])
    RETRYABLE_ERROR_CODES[code] ??= { minDelay: 200, maxDelay: 10_000 };
}

/** Milliseconds from now until the next scan; a scan that is late runs at once. */
function delayOf(next: NextScan, dueAt: Date): number {
  if ('inMs' in next) return next.inMs;
  return Math.max(0, dueAt.getTime() + next.everyMs - Date.now());
}

type AddJob = Pick<JobHelpers, 'addJob'>;

async function addScan(jobs: AddJob, job: ScanJob, delayMs: number, mode: KeyMode): Promise<void> {
  await jobs.addJob(taskName('scan', job.alias), job, {
    jobKey: scanKey(job),
    jobKeyMode: mode,
    queueName: storeQueue(job.alias),
    runAt: new Date(Date.now() + delayMs),
    // A scan that keeps failing is retried with graphile-worker's backoff, then rescheduled
    // by the next process that starts; it never blocks other stores.
    maxAttempts: 25,
  });
}

async function addDiscovery(jobs: AddJob, alias: string, delayMs: number, mode: KeyMode) {
  await jobs.addJob(
    taskName('discover', alias),
    { alias },
    {
      jobKey: discoverKey(alias),
      jobKeyMode: mode,
      queueName: storeQueue(alias),
      runAt: new Date(Date.now() + delayMs),
      maxAttempts: 25,
    },
  );
}

async function addDelivery(jobs: AddJob, alias: string): Promise<void> {
  await jobs.addJob(
    taskName('deliver', alias),
    { alias },
    {
      jobKey: `deliver:${alias}`,
      jobKeyMode: 'preserve_run_at',
      queueName: `deliver:${alias}`,
      runAt: new Date(),
      maxAttempts: 1_000,
    },
  );
}

type KeyMode = 'replace' | 'unsafe_dedupe';

/** graphile-worker's log levels worth an operator's eye (it logs every job at info). */
const QUIET_LEVELS = new Set(['error', 'warning']);

/** graphile-worker's log, warnings and errors only. */
function quietLogger(log: (line: string) => void): Logger {
  return new Logger(() => (level, message) => {
    if (QUIET_LEVELS.has(String(level))) log(`job engine ${level}: ${message}`);
  });
}
