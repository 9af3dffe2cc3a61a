import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { describeHolder, mayBeAlive, type LeaseHolder, type LeaseOwner } from '../leases.js';
import { inTransaction } from './connection.js';

/**
 * How long a lease lives without renewal. The holder renews it every {@link LEASE_RENEW_MS}, so
 * a process killed on another host frees its leases within this time.
 */
export const LEASE_TTL_SECONDS = 120;
export const LEASE_RENEW_MS = 30_000;

/** This process, unambiguously (a pid may be reused, and hosts may share pids). */
export const LEASE_OWNER = `${hostname()}/${process.pid}/${randomUUID()}`;

interface LeaseRow extends LeaseOwner {
  owner: string;
  expired: boolean;
}

/**
 * Takes lease `key` in one transaction: insert it, or take over a row whose holder is this
 * process, has expired, or is a dead process on this host (kill -9: taken over at once). Times
 * are the server's (`now()`), so hosts' clocks need not agree; `now` overrides it for tests.
 */
export async function tryPostgresLease(
  pool: pg.Pool,
  key: number,
  now?: Date,
): Promise<LeaseHolder | null> {
  const at = now?.toISOString() ?? null;
  const values = [key, process.pid, hostname(), LEASE_OWNER, at, LEASE_TTL_SECONDS];
  return inTransaction(pool, async (client) => {
    // A row deleted by a concurrent release between our two statements: try again.
    for (;;) {
      const inserted = await client.query(
        `INSERT INTO leases (cluster_key, pid, host, owner, acquired_at, expires_at)
         VALUES ($1, $2, $3, $4, coalesce($5::timestamptz, now()),
                 coalesce($5::timestamptz, now()) + make_interval(secs => $6))
         ON CONFLICT (cluster_key) DO NOTHING`,
        values,
      );
      if (inserted.rowCount === 1) return null;
      const { rows } = await client.query<LeaseRow>(
        `SELECT pid, host, owner, expires_at <= coalesce($2::timestamptz, now()) AS expired
         FROM leases WHERE cluster_key = $1 FOR UPDATE`,
        [key, at],
      );
      const row = rows[0];
      if (row === undefined) continue;
      // A holder on another host counts until expiry; one on this host only while its pid lives.
      if (row.owner !== LEASE_OWNER && !row.expired && mayBeAlive(row)) return describeHolder(row);
      await client.query(
        `UPDATE leases SET pid = $2, host = $3, owner = $4,
           acquired_at = coalesce($5::timestamptz, now()),
           expires_at = coalesce($5::timestamptz, now()) + make_interval(secs => $6)
         WHERE cluster_key = $1`,
        values,
      );
      return null;
    }
  });
}

/** Gives lease `key` back if this process holds it. */
export async function releasePostgresLease(
  client: pg.Pool | pg.PoolClient,
  key: number,
): Promise<void> {
  await client.query('DELETE FROM leases WHERE cluster_key = $1 AND owner = $2', [
    key,
    LEASE_OWNER,
  ]);
}

/** Pushes the expiry of the leases this process holds. */
export async function renewPostgresLeases(pool: pg.Pool, keys: readonly number[]): Promise<void> {
  await pool.query(
    `UPDATE leases SET expires_at = now() + make_interval(secs => $3)
     WHERE owner = $1 AND cluster_key = ANY($2::bigint[])`,
    [LEASE_OWNER, keys, LEASE_TTL_SECONDS],
  );
}
