import { type StateBackend } from './backend.js';
import { isPostgresUrl } from './database-url.js';
import { PostgresBackend } from './postgres/backend.js';
import { SqliteBackend } from './sqlite/backend.js';
import { openState, type OpenStateOptions } from './sqlite/connection.js';

/**
 * Opens the state at `location`: a `postgres://` / `postgresql://` URL is a Postgres database,
 * anything else a SQLite file (created 0600). Migrations run before it returns.
 *
 * @example
 * const state = await openBackend(process.env.DOOKI_WATCH_DATABASE_URL ?? './dooki-watch.db');
 */
export async function openBackend(
  location: string,
  options: OpenStateOptions = {},
): Promise<StateBackend> {
  if (isPostgresUrl(location)) return PostgresBackend.open({ url: location });
  return new SqliteBackend(openState(location, options));
}
