import { hostname } from 'node:os';
import { type StateStore } from './state-store.js';

/** A lease older than this is taken over even if its owner cannot be checked (other host). */
const FOREIGN_LEASE_MS = 6 * 3_600_000;

/** Another live dooki-watch process is scanning the same cluster from the same state file. */
export class ClusterBusyError extends Error {
  override readonly name = 'ClusterBusyError';
}

interface LeaseRow {
  pid: number;
  host: string;
  acquired_at: string;
}

/**
 * Takes the per-cluster scan lease. Two watchers scanning one cluster would overwrite each
 * other's staged rows; a lease whose process is gone (kill -9) is taken over at once.
 *
 * @throws ClusterBusyError when a live process on this host (or a recent one elsewhere) holds it.
 */
export function acquireLease(state: StateStore, clusterKey: number, now = new Date()): void {
  const host = hostname();
  state.db
    .transaction(() => {
      const row = state.db
        .prepare('SELECT pid, host, acquired_at FROM leases WHERE cluster_key = ?')
        .get(clusterKey) as LeaseRow | undefined;
      if (row && !(row.host === host && row.pid === process.pid) && held(row, host, now)) {
        throw new ClusterBusyError(
          `another dooki-watch (pid ${row.pid} on ${row.host}) is scanning this cluster`,
        );
      }
      state.db
        .prepare(
          'INSERT OR REPLACE INTO leases (cluster_key, pid, host, acquired_at) VALUES (?, ?, ?, ?)',
        )
        .run(clusterKey, process.pid, host, now.toISOString());
    })
    .immediate();
}

/** Gives the lease back (only if this process holds it). */
export function releaseLease(state: StateStore, clusterKey: number): void {
  if (!state.db.open) return;
  state.db
    .prepare('DELETE FROM leases WHERE cluster_key = ? AND pid = ? AND host = ?')
    .run(clusterKey, process.pid, hostname());
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
