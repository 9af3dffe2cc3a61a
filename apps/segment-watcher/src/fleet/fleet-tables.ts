import type pg from 'pg';

/** An advisory lock id for the fleet's DDL ("dooki-fleet" in ASCII, truncated). */
const DDL_LOCK = 0x646f6f6b69666c;

/**
 * Creates the fleet's own tables (schema `dooki_watch_fleet`) if missing. Several processes
 * start at once, and concurrent `create … if not exists` can still collide in the catalog, so
 * the DDL runs under a transaction-scoped advisory lock.
 */
export async function migrateFleetTables(
  pool: pg.Pool,
  statements: readonly string[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [DDL_LOCK]);
    await client.query('create schema if not exists dooki_watch_fleet');
    for (const statement of statements) await client.query(statement);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
