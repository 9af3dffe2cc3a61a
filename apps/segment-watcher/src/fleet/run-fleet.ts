import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { UsageError } from '@clusterstream/cli-kit';
import type pg from 'pg';
import { createNdjsonFileSink } from '../sinks/ndjson-file-sink.js';
import { redactPassword } from '../state/database-url.js';
import { createPostgresPool } from '../state/postgres/pool.js';
import { PostgresBackend } from '../state/postgres/backend.js';
import { asPostgresWriteError } from '../state/postgres/write-error.js';
import { redactDatabaseUrl } from '../state/database-url.js';
import type { FleetConfig } from './fleet-config.js';
import { failureReason } from './failure-reason.js';
import { FleetMetrics } from './fleet-metrics.js';
import { FleetState } from './fleet-state.js';
import { attachRunners, prepareFleetStores, type FleetStore } from './fleet-stores.js';
import { fleetTasks } from './fleet-tasks.js';
import { startJobEngine, type JobEngine } from './job-engine.js';
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

/** Connections beside the jobs: the heartbeat, the ops server's reads, graphile-worker's own. */
const SPARE_CONNECTIONS = 4;

/**
 * `dooki-watch fleet`: this process joins the fleet until `signal` aborts. Start-up is
 * all-or-nothing: everything that can be checked without the database is checked first (fleet
 * file, variables, URLs, fields, intervals, output files, the ops port); then the database is
 * reached, migrated and joined. Whatever fails, what was started is stopped again in reverse
 * order, and the error says why.
 */
export async function runFleet(options: FleetOptions): Promise<void> {
  const log = (line: string): void => {
    options.stderr.write(`dooki-watch fleet: ${redactPassword(line, options.databaseUrl)}\n`);
  };
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const started = await startUp(options, log, cleanups);
    log(
      `${started.engine.processId} joined: ${started.stores.size} stores, ${options.concurrency} jobs at a time`,
    );
    if (!options.signal.aborted) await once(options.signal, 'abort');
    log('stopping: finishing running jobs');
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

async function startUp(
  options: FleetOptions,
  log: (line: string) => void,
  cleanups: (() => Promise<unknown>)[],
): Promise<{ engine: JobEngine; stores: Map<string, FleetStore> }> {
  // What the ops server and the metrics read once it exists.
  const live: { fleet?: FleetState; pool?: pg.Pool; engine?: JobEngine } = {};
  const metrics = fleetMetrics(options.config, () => live.fleet);
  const warnings: string[] = [];
  const prepared = prepareFleetStores(options.config, options.env, metrics, warnings);
  for (const warning of warnings) log(`warning: ${warning}`);
  await checkOutputFiles(options.config);
  if (options.ops !== null) {
    const ops = await bindOps(options.ops, metrics, live);
    cleanups.push(() => ops.close());
    log(`ops server on ${ops.url} (/healthz, /metrics)`);
  }
  const stopping = new AbortController();
  cleanups.push(() => Promise.resolve(stopping.abort()));
  const pool = (live.pool = await connect(options, stopping.signal, log));
  cleanups.push(() => pool.end());
  const backend = await PostgresBackend.open({ url: options.databaseUrl, pool });
  cleanups.push(() => backend.close());
  const fleet = (live.fleet = new FleetState(pool));
  const stores = attachRunners(prepared, backend, stopping.signal);
  cleanups.push(async () => {
    for (const store of stores.values()) await store.runner.close();
  });
  const engine = (live.engine = await startJobEngine({
    pool,
    fleet,
    stores: [...stores.values()],
    tasks: fleetTasks({
      stores,
      state: backend,
      fleet,
      metrics,
      log,
      recheckMs: options.quarantineRecheckMs ?? 3_600_000,
      requestDelivery: (alias) => live.engine!.requestDelivery(alias),
    }),
    concurrency: options.concurrency,
    log,
    onJobFailure: ({ kind, alias, error }) => metrics.jobFailed(alias, kind, failureReason(error)),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(options.deadAfterMs === undefined ? {} : { deadAfterMs: options.deadAfterMs }),
  }).catch(failedStart(options)));
  cleanups.push(() => engine.stop());
  await engine.schedule().catch(failedStart(options));
  return { engine, stores };
}

/**
 * The process's one pool, for the state and the job engine alike. It must answer now (a fleet
 * that cannot reach its database does not start); afterwards a connect waits while the database
 * is away (restart, failover) until this process stops.
 */
async function connect(
  options: FleetOptions,
  stopping: AbortSignal,
  log: (line: string) => void,
): Promise<pg.Pool> {
  const pool = createPostgresPool(options.databaseUrl, {
    max: options.concurrency + SPARE_CONNECTIONS,
    log,
    waitWhileUnreachable: stopping,
  });
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch (error) {
    await pool.end().catch(() => undefined);
    return failedStart(options)(error);
  }
}

/** A database failure while starting, as the state error it is (exit 8), password redacted. */
function failedStart(options: FleetOptions): (error: unknown) => never {
  return (error) => {
    const location = redactDatabaseUrl(options.databaseUrl);
    throw asPostgresWriteError(options.databaseUrl, location, error) ?? (error as Error);
  };
}

/** Every NDJSON output of the file is opened (and refused when it is not ours) before anything starts. */
async function checkOutputFiles(config: FleetConfig): Promise<void> {
  for (const store of config.stores) {
    for (const sink of store.sinks) {
      if (!('ndjson' in sink)) continue;
      try {
        await (await createNdjsonFileSink(sink.ndjson)).close?.();
      } catch (error) {
        throw new UsageError(`${store.alias}: ndjson ${sink.ndjson}: ${(error as Error).message}`);
      }
    }
  }
}

async function bindOps(
  where: { port: number; host: string },
  metrics: FleetMetrics,
  live: { pool?: pg.Pool; engine?: JobEngine },
): Promise<OpsServer> {
  const notYet = (): Promise<never> => Promise.reject(new Error('starting'));
  try {
    return await startOpsServer({
      ...where,
      metrics,
      checks: {
        database: () => live.pool?.query('SELECT 1').then(() => undefined) ?? notYet(),
        jobEngine: () => live.engine?.check() ?? notYet(),
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error;
    throw new UsageError(
      `--ops-port ${where.port} on ${where.host} cannot be used (${code}): choose another port, 0 for any free one, or --ops-port off`,
    );
  }
}

function fleetMetrics(config: FleetConfig, fleet: () => FleetState | undefined): FleetMetrics {
  const stores = config.stores.map((store) => ({
    alias: store.alias,
    intervalMs: store.interval ?? config.interval,
  }));
  return new FleetMetrics(stores, async () => {
    const state = fleet();
    if (state === undefined) return null; // not connected yet: nothing to say, nothing failed
    const [outbox, quarantined] = await Promise.all([
      state.outboxFigures(),
      state.allQuarantined(),
    ]);
    return { outbox, quarantined: quarantined.map((row) => row.alias) };
  });
}
