import { hostname } from 'node:os';
import { describeHolder, mayBeAlive, type LeaseHolder, type LeaseOwner } from '../leases.js';
import { type StateStore } from './connection.js';

/** A lease older than this is taken over even if its owner cannot be checked (other host). */
const FOREIGN_LEASE_MS = 6 * 3_600_000;

interface LeaseRow extends LeaseOwner {
  acquired_at: string;
}

/**
 * Takes the lease `key` for this process unless a live process on this host (or a recent one
 * elsewhere) holds it; a lease whose process is gone (kill -9) is taken over at once.
 *
 * @returns null when this process now holds the lease, else who holds it.
 */
export function tryLease(state: StateStore, key: number, now = new Date()): LeaseHolder | null {
  const host = hostname();
  return state.db
    .transaction((): LeaseHolder | null => {
      const row = state.db
        .prepare('SELECT pid, host, acquired_at FROM leases WHERE cluster_key = ?')
        .get(key) as LeaseRow | undefined;
      if (row && !(row.host === host && row.pid === process.pid) && held(row, now)) {
        return describeHolder(row);
      }
      state.db
        .prepare(
          'INSERT OR REPLACE INTO leases (cluster_key, pid, host, acquired_at) VALUES (?, ?, ?, ?)',
        )
        .run(key, process.pid, host, now.toISOString());
      return null;
    })
    .immediate();
}

/** Gives the lease back (only if this process holds it). */
export function releaseLease(state: StateStore, key: number): void {
  if (!state.db.open) return;
  state.db
    .prepare('DELETE FROM leases WHERE cluster_key = ? AND pid = ? AND host = ?')
    .run(key, process.pid, hostname());
}

/** A holder elsewhere counts for {@link FOREIGN_LEASE_MS}; one on this host while it lives. */
function held(row: LeaseRow, now: Date): boolean {
  if (row.host !== hostname())
    return now.getTime() - Date.parse(row.acquired_at) < FOREIGN_LEASE_MS;
  return mayBeAlive(row);
}
