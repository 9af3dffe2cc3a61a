import type Database from 'better-sqlite3';
import { StateVersionError } from '../errors.js';

/**
 * Ordered migrations; `PRAGMA user_version` records how many have run. Append new steps, never
 * edit shipped ones.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE clusters (
    cluster_key   INTEGER PRIMARY KEY,
    alias         TEXT    NOT NULL,
    cluster_id    INTEGER NOT NULL,
    last_scan     INTEGER NOT NULL DEFAULT 0,
    baseline_scan INTEGER,
    member_count  INTEGER NOT NULL DEFAULT 0,
    hash_fields   TEXT,
    UNIQUE (alias, cluster_id)
  );
  CREATE TABLE members (
    cluster_key   INTEGER NOT NULL,
    customer_id   INTEGER NOT NULL,
    hash          INTEGER NOT NULL,
    missing_scans INTEGER NOT NULL DEFAULT 0,
    payload       TEXT    NOT NULL,
    PRIMARY KEY (cluster_key, customer_id)
  ) WITHOUT ROWID;
  CREATE TABLE scans (
    cluster_key  INTEGER NOT NULL,
    scan_no      INTEGER NOT NULL,
    started_at   TEXT    NOT NULL,
    finished_at  TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,
    pages        INTEGER NOT NULL,
    requests     INTEGER NOT NULL,
    unique_items INTEGER NOT NULL,
    total        INTEGER,
    joins        INTEGER NOT NULL DEFAULT 0,
    leaves       INTEGER NOT NULL DEFAULT 0,
    updates      INTEGER NOT NULL DEFAULT 0,
    pending      INTEGER NOT NULL DEFAULT 0,
    held         INTEGER NOT NULL DEFAULT 0,
    detail       TEXT,
    PRIMARY KEY (cluster_key, scan_no)
  );
  CREATE TABLE outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT    NOT NULL UNIQUE,
    cluster_key INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    scan_no     INTEGER NOT NULL,
    detected_at TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    delivered_at TEXT
  );
  CREATE INDEX outbox_undelivered ON outbox (seq) WHERE delivered_at IS NULL;
  CREATE INDEX outbox_detected ON outbox (detected_at);
  CREATE TABLE staged (
    cluster_key INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    hash        INTEGER NOT NULL,
    payload     TEXT    NOT NULL,
    PRIMARY KEY (cluster_key, customer_id)
  ) WITHOUT ROWID;
  CREATE TABLE leases (
    cluster_key INTEGER PRIMARY KEY,
    pid         INTEGER NOT NULL,
    host        TEXT    NOT NULL,
    acquired_at TEXT    NOT NULL
  );
  CREATE TABLE sinks (
    name        TEXT PRIMARY KEY,
    disabled_at TEXT NOT NULL,
    reason      TEXT NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database up to the current schema, one transaction per step. Each step re-reads the
 * version under the write lock, so two processes starting at once do not run a step twice.
 */
export function migrate(db: Database.Database): void {
  const versionOf = (): number => db.pragma('user_version', { simple: true }) as number;
  const current = versionOf();
  if (current > SCHEMA_VERSION) {
    throw new StateVersionError(
      `state file has schema version ${current}, this dooki-watch knows up to ${SCHEMA_VERSION}; upgrade dooki-watch`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      if (versionOf() !== version) return;
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
