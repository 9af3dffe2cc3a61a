import type pg from 'pg';
import { type StateBackend } from './backend.js';
import { isPostgresUrl } from './database-url.js';
import { PostgresBackend } from './postgres/backend.js';
import { SqliteBackend } from './sqlite/backend.js';
import { openState, type OpenStateOptions } from './sqlite/connection.js';

export interface OpenBackendOptions extends OpenStateOptions {
  /**
   * Postgres only: a pool made with `createPostgresPool`, shared with other work (the fleet
   * shares one with its job engine); `close()` then leaves it open.
   */
  pool?: pg.Pool;
}

/**
 * Opens the state at `location`: a `postgres://` / `postgresql://` URL is a Postgres database,
 * anything else a SQLite file (created 0600). Migrations run before it returns.
 *
 * @example
 * const state = await openBackend(process.env.DOOKI_WATCH_DATABASE_URL ?? './dooki-watch.db');
 */
export async function openBackend(
  location: string,
  options: OpenBackendOptions = {},
): Promise<StateBackend> {
  if (isPostgresUrl(location))
    return PostgresBackend.open({ url: location, ...(options.pool ? { pool: options.pool } : {}) });
  return new SqliteBackend(openState(location, options));
}
