import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { redactPassword } from '../database-url.js';
import { POSTGRES_SCHEMA } from './migrations.js';

/**
 * Pool settings the backend relies on: every table is found through `search_path`, and `bigint`
 * (ids, counts) arrives as a number, as in SQLite. {@link createPostgresPool} builds on these.
 */
export function postgresPoolConfig(url: string): pg.PoolConfig {
  return {
    connectionString: url,
    options: `-c search_path=${POSTGRES_SCHEMA}`,
    application_name: 'dooki-watch',
    max: 4,
    connectionTimeoutMillis: 15_000,
    types: { getTypeParser: int8AsNumber as pg.CustomTypesConfig['getTypeParser'] },
  };
}

/** `bigint` as a JavaScript number (ids and counts stay far below 2^53); other types as pg does. */
function int8AsNumber(oid: number, format: 'text' | 'binary' = 'text'): unknown {
  if (oid === INT8_OID) return Number;
  return (pg.types.getTypeParser as (oid: number, format: string) => unknown)(oid, format);
}

const INT8_OID: number = pg.types.builtins.INT8;

export interface PostgresPoolOptions {
  /** Most connections at once; default 4. */
  max?: number;
  /** Where connection errors are reported, one line each, the password redacted. */
  log?: (line: string) => void;
  /**
   * When given, `connect()` (promise style) waits with backoff while the database is unreachable
   * (see {@link isDatabaseUnreachable}) until this signal aborts; other failures reject at once.
   */
  waitWhileUnreachable?: AbortSignal;
}

/**
 * A `pg.Pool` for the watcher's state. A connection the server ends (a failover,
 * `pg_terminate_backend`) rejects the query it was running instead of crashing the process:
 * pg emits 'error' on an idle pooled client through the pool, but on a checked-out one through
 * the client itself, and an 'error' event without a listener is thrown.
 */
export function createPostgresPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  const config = { ...postgresPoolConfig(url), ...(options.max ? { max: options.max } : {}) };
  const pool = options.waitWhileUnreachable
    ? new PatientPool(config, options.waitWhileUnreachable)
    : new pg.Pool(config);
  const report = (error: Error): void =>
    options.log?.(`state database connection error: ${redactPassword(error.message, url)}`);
  pool.on('error', report);
  pool.on('connect', (client) =>
    client.on('error', (error) => {
      labelConnectionFailure(error);
      report(error);
    }),
  );
  return pool;
}

/**
 * pg reports a connection that ends under a query without a code. Its 'error' event fires
 * before the query's rejection is handled, so the error is labelled here with SQLSTATE 08006
 * (connection_failure): every table keyed by code (graphile-worker's retries, the write-error
 * mapping) then sees it for what it is.
 */
function labelConnectionFailure(error: Error): void {
  const labelled = error as Error & { code?: string };
  if (labelled.code === undefined && /Connection terminated/i.test(error.message))
    labelled.code = '08006';
}

/** Connection failures that pass when the server is back: refused, reset, shut down, lost. */
const UNREACHABLE_CODES =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|57P0[123]|08...)$/;

/**
 * Whether `error` says the database cannot be reached right now (down, restarting, failing
 * over, connection cut), as opposed to refusing us (bad password, too many connections).
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string') return UNREACHABLE_CODES.test(code);
  // pg's own words for a socket that closed, or a client that already saw it close.
  return /Connection terminated|not queryable|timeout exceeded when trying to connect/i.test(
    error.message,
  );
}

/** Failures to reach the server at all: nothing was under way, so nothing was cut short. */
const NEVER_CONNECTED = /^(ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/;

/**
 * Whether `error` ended a connection that was up: the server terminated it (57P01, a failover)
 * or the socket broke. Whatever that connection was doing was rolled back.
 */
export function isConnectionLost(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  if (typeof code === 'string' && NEVER_CONNECTED.test(code)) return false;
  return (
    isDatabaseUnreachable(error) && !/timeout exceeded when trying to connect/i.test(String(error))
  );
}

/** The longest wait between two connection attempts. */
const MAX_BACKOFF_MS = 2_000;

/** A pool whose promise-style `connect()` waits out an unreachable database. */
class PatientPool extends pg.Pool {
  constructor(
    config: pg.PoolConfig,
    private readonly until: AbortSignal,
  ) {
    super(config);
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: () => void) => void,
  ): void;
  override connect(
    callback?: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: () => void,
    ) => void,
  ): Promise<pg.PoolClient> | void {
    // pg's own query() connects with a callback: it fails fast, as before.
    if (callback) return super.connect(callback);
    return this.connectPatiently();
  }

  private async connectPatiently(): Promise<pg.PoolClient> {
    for (let delay = 100; ; delay = Math.min(delay * 2, MAX_BACKOFF_MS)) {
      try {
        return await super.connect();
      } catch (error) {
        if (this.until.aborted || !isDatabaseUnreachable(error)) throw error;
        // Aborting ends the wait early with the connection error, not an AbortError.
        await sleep(delay, undefined, { signal: this.until }).catch(() => undefined);
        if (this.until.aborted) throw error;
      }
    }
  }
}
