import Database from 'better-sqlite3';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { type StateBackend } from '../../src/state/backend.js';
import { openBackend } from '../../src/state/open-backend.js';
import { PostgresBackend } from '../../src/state/postgres/backend.js';
import { postgresPoolConfig } from '../../src/state/postgres/pool.js';
import { LEASE_TTL_SECONDS } from '../../src/state/postgres/leases.js';
import { type SqliteBackend } from '../../src/state/sqlite/backend.js';
import { tempStatePath } from './fixtures.js';
import { createDatabase } from './postgres.js';

/**
 * One state backend under test. The guarantee suites run once per entry of {@link BACKENDS}, with
 * the same assertions: only how a state is made and how a test looks inside it differ.
 */
export interface BackendFixture {
  name: 'sqlite' | 'postgres';
  /** A fresh location (`--state` value): a file in a temp dir, or a new database's URL. */
  location(): Promise<string>;
  /** A fresh, empty, open state, closed when the test finishes. */
  open(): Promise<StateBackend>;
  /**
   * Runs SQL on the state's tables (the schemas match), `$1`-style parameters. For assertions
   * that look inside, and for planting rows (a lease of another process, a failing trigger).
   */
  query<T = Record<string, unknown>>(
    state: StateBackend,
    sql: string,
    params?: unknown[],
  ): Promise<T[]>;
  /** Same, on a location a CLI run used (the test's own connection, closed afterwards). */
  queryAt<T = Record<string, unknown>>(
    location: string,
    sql: string,
    params?: unknown[],
  ): Promise<T[]>;
  /** Plants lease `key` as held by process `pid` on `host`, taken just now. */
  plantLease(state: StateBackend, key: number, pid: number, host: string): Promise<void>;
  /** Makes every insert into `scans` fail with "disk full" (to prove a commit rolls back whole). */
  sabotageScanHistory(state: StateBackend): Promise<void>;
}

const sqlite: BackendFixture = {
  name: 'sqlite',
  location: () => Promise.resolve(tempStatePath()),
  async open() {
    const state = await openBackend(':memory:');
    onTestFinished(() => state.close());
    return state;
  },
  query<T>(state: StateBackend, sql: string, params: unknown[] = []) {
    const { db } = (state as SqliteBackend).store;
    return Promise.resolve(runSqlite<T>(db, sql, params));
  },
  queryAt<T>(location: string, sql: string, params: unknown[] = []) {
    const db = new Database(location, { readonly: !/^\s*(insert|update|delete)/i.test(sql) });
    try {
      return Promise.resolve(runSqlite<T>(db, sql, params));
    } finally {
      db.close();
    }
  },
  async plantLease(state, key, pid, host) {
    await this.query(
      state,
      'INSERT OR REPLACE INTO leases (cluster_key, pid, host, acquired_at) VALUES ($1, $2, $3, $4)',
      [key, pid, host, new Date().toISOString()],
    );
  },
  async sabotageScanHistory(state) {
    await this.query(
      state,
      'CREATE TRIGGER fail BEFORE INSERT ON scans BEGIN SELECT RAISE(ABORT, "disk full"); END',
    );
  },
};

const postgres: BackendFixture = {
  name: 'postgres',
  location: createDatabase,
  async open() {
    const state = await PostgresBackend.open({ url: await createDatabase() });
    onTestFinished(() => state.close());
    return state;
  },
  async query<T>(state: StateBackend, sql: string, params: unknown[] = []) {
    const { rows } = await (state as PostgresBackend).pool.query(sql, params);
    return rows as T[];
  },
  async queryAt<T>(location: string, sql: string, params: unknown[] = []) {
    const client = new pg.Client(postgresPoolConfig(location));
    await client.connect();
    try {
      const { rows } = await client.query(sql, params);
      return rows as T[];
    } finally {
      await client.end();
    }
  },
  async plantLease(state, key, pid, host) {
    await this.query(
      state,
      `INSERT INTO leases (cluster_key, pid, host, owner, acquired_at, expires_at)
       VALUES ($1, $2, $3, 'planted', now(), now() + make_interval(secs => $4))
       ON CONFLICT (cluster_key) DO UPDATE SET pid = excluded.pid, host = excluded.host,
         owner = excluded.owner, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
      [key, pid, host, LEASE_TTL_SECONDS],
    );
  },
  async sabotageScanHistory(state) {
    await this.query(
      state,
      `CREATE FUNCTION fail() RETURNS trigger LANGUAGE plpgsql AS
         $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
       CREATE TRIGGER fail BEFORE INSERT ON scans FOR EACH ROW EXECUTE FUNCTION fail()`,
    );
  },
};

/** Both backends; `describe.each(BACKENDS)('… on $name', (backend) => …)`. */
export const BACKENDS: readonly BackendFixture[] = [sqlite, postgres];

function runSqlite<T>(db: Database.Database, sql: string, params: unknown[]): T[] {
  const statement = db.prepare(sql.replace(/\$\d+/g, '?'));
  return statement.reader ? (statement.all(...params) as T[]) : (statement.run(...params), []);
}
