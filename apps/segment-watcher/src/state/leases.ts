import { hostname } from 'node:os';
import { type StateStore } from './state-store.js';

/** A lease older than this is taken over even if its owner cannot be checked (other host). */
const FOREIGN_LEASE_MS = 6 * 3_600_000;

/**
 * The `leases` row of outbox delivery. Cluster keys are SQLite rowids, which start at 1, so 0
 * never names a cluster.
 */
export const DELIVERY_LEASE_KEY = 0;

/** Another live dooki-watch process is scanning the same cluster from the same state file. */
export class ClusterBusyError extends Error {
  override readonly name = 'ClusterBusyError';
}

/** The process holding a lease, as `pid 123 on host`. */
export type LeaseHolder = string;

interface LeaseRow {
  pid: number;
  host: string;
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
      if (row && !(row.host === host && row.pid === process.pid) && held(row, host, now)) {
        return `pid ${row.pid} on ${row.host}`;
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

/**
 * Takes the per-cluster scan lease. Two watchers scanning one cluster would overwrite each
 * other's staged rows.
 *
 * @throws ClusterBusyError when a live process on this host (or a recent one elsewhere) holds it.
 */
export function acquireLease(state: StateStore, clusterKey: number, now = new Date()): void {
  const holder = tryLease(state, clusterKey, now);
  if (holder !== null) {
    throw new ClusterBusyError(`another dooki-watch (${holder}) is scanning this cluster`);
  }
}

/** Gives the lease back (only if this process holds it). */
export function releaseLease(state: StateStore, key: number): void {
  if (!state.db.open) return;
  state.db
    .prepare('DELETE FROM leases WHERE cluster_key = ? AND pid = ? AND host = ?')
    .run(key, process.pid, hostname());
}

function held(row: LeaseRow, host: string, now: Date): boolean {
  if (row.host !== host) return now.getTime() - Date.parse(row.acquired_at) < FOREIGN_LEASE_MS;
  try {
    process.kill(row.pid, 0); // signal 0: only checks that the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
