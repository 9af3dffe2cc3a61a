import type pg from 'pg';
import { StateVersionError } from '../errors.js';
import { inTransaction } from './connection.js';

/** Every table lives in this schema, so the watcher can share a database with anything else. */
export const POSTGRES_SCHEMA = 'dooki_watch';

/** Key of the advisory lock that serializes migrations of processes starting at once. */
const MIGRATION_LOCK = 0x646f6f6b69; // "dooki"

/**
 * Ordered migrations, recorded in `schema_migrations`; append new steps, never edit shipped
 * ones. Version 1 mirrors the SQLite schema (same tables and columns), with Postgres types.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE clusters (
    cluster_key   bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alias         text    NOT NULL,
    cluster_id    bigint  NOT NULL,
    last_scan     integer NOT NULL DEFAULT 0,
    baseline_scan integer,
    member_count  integer NOT NULL DEFAULT 0,
    hash_fields   text,
    UNIQUE (alias, cluster_id)
  );
  CREATE TABLE members (
    cluster_key   bigint   NOT NULL REFERENCES clusters,
    customer_id   bigint   NOT NULL,
    hash          integer  NOT NULL,
    missing_scans integer  NOT NULL DEFAULT 0,
    payload       text     NOT NULL,
    PRIMARY KEY (cluster_key, customer_id)
  );
  CREATE TABLE scans (
    cluster_key  bigint      NOT NULL REFERENCES clusters,
    scan_no      integer     NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    outcome      text        NOT NULL,
    pages        integer     NOT NULL,
    requests     integer     NOT NULL,
    unique_items integer     NOT NULL,
    total        integer,
    joins        integer     NOT NULL DEFAULT 0,
    leaves       integer     NOT NULL DEFAULT 0,
    updates      integer     NOT NULL DEFAULT 0,
    pending      integer     NOT NULL DEFAULT 0,
    held         integer     NOT NULL DEFAULT 0,
    detail       text,
    PRIMARY KEY (cluster_key, scan_no)
  );
  CREATE TABLE outbox (
    seq          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     text        NOT NULL UNIQUE,
    cluster_key  bigint      NOT NULL REFERENCES clusters,
    customer_id  bigint      NOT NULL,
    type         text        NOT NULL,
    scan_no      integer     NOT NULL,
    detected_at  timestamptz NOT NULL,
    body         text        NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text,
    delivered_at timestamptz
  );
  CREATE INDEX outbox_undelivered ON outbox (seq) WHERE delivered_at IS NULL;
  CREATE INDEX outbox_detected ON outbox (detected_at);
  CREATE TABLE staged (
    cluster_key bigint  NOT NULL REFERENCES clusters,
    customer_id bigint  NOT NULL,
    hash        integer NOT NULL,
    payload     text    NOT NULL,
    PRIMARY KEY (cluster_key, customer_id)
  );
  -- Row 0 is the delivery lease; any other key is a cluster's scan lease.
  CREATE TABLE leases (
    cluster_key bigint      PRIMARY KEY,
    pid         integer     NOT NULL,
    host        text        NOT NULL,
    owner       text        NOT NULL,
    acquired_at timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
  );
  CREATE TABLE sinks (
    name        text        PRIMARY KEY,
    disabled_at timestamptz NOT NULL,
    reason      text        NOT NULL
  );
  `,
  // The fleet's own tables (they were created ad hoc in schema dooki_watch_fleet before).
  `
  CREATE TABLE fleet_quarantine (
    alias  text        PRIMARY KEY,
    reason text        NOT NULL,
    since  timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE fleet_budgets (
    alias       text        PRIMARY KEY,
    remaining   integer     NOT NULL,
    observed_at timestamptz NOT NULL
  );
  CREATE TABLE fleet_processes (
    process_id   text        PRIMARY KEY,
    host         text        NOT NULL,
    pid          integer     NOT NULL,
    worker_ids   text[]      NOT NULL DEFAULT '{}',
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
  );
  `,
];

export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database up to the current schema, one transaction per migration, each under an
 * advisory lock so that processes starting at once migrate one after the other (the later ones
 * find nothing to do). A process killed half-way leaves whole migrations only. A database
 * migrated by a newer watcher is refused.
 */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  let migrated = true;
  while (migrated) migrated = await inTransaction(pool, migrateOneStep);
}

/** Applies the next migration, if any; returns whether it did. */
async function migrateOneStep(client: pg.PoolClient): Promise<boolean> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  const current = await schemaVersion(client);
  if (current > POSTGRES_SCHEMA_VERSION) {
    throw new StateVersionError(
      `state database has schema version ${current}, this dooki-watch knows up to ${POSTGRES_SCHEMA_VERSION}; upgrade dooki-watch`,
    );
  }
  if (current === POSTGRES_SCHEMA_VERSION) return false;
  if (current === 0) await createMigrationsTable(client);
  await client.query(`SET LOCAL search_path TO ${POSTGRES_SCHEMA}`);
  await client.query(MIGRATIONS[current]!);
  await client.query(`INSERT INTO ${POSTGRES_SCHEMA}.schema_migrations (version) VALUES ($1)`, [
    current + 1,
  ]);
  return true;
}

/** The number of migrations applied; 0 before the first start. */
async function schemaVersion(client: pg.PoolClient): Promise<number> {
  // DDL only on first start: afterwards a role with plain read/write on the schema suffices.
  const { rows: found } = await client.query<{ name: string | null }>(
    'SELECT to_regclass($1)::text AS name',
    [`${POSTGRES_SCHEMA}.schema_migrations`],
  );
  if (found[0]?.name == null) return 0;
  const { rows } = await client.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${POSTGRES_SCHEMA}.schema_migrations`,
  );
  return rows[0]?.version ?? 0;
}

async function createMigrationsTable(client: pg.PoolClient): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${POSTGRES_SCHEMA}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${POSTGRES_SCHEMA}.schema_migrations (
       version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
}
