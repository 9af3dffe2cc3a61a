import { hostname } from 'node:os';

/**
 * The `leases` row of outbox delivery. Cluster keys start at 1, so 0 never names a cluster; a
 * store's own delivery lease is minus its first cluster key.
 */
export const DELIVERY_LEASE_KEY = 0;

/** Another live dooki-watch process is scanning the same cluster from the same state. */
export class ClusterBusyError extends Error {
  override readonly name = 'ClusterBusyError';
}

/** The process holding a lease, as `pid 123 on host`. */
export type LeaseHolder = string;

/** Who holds a lease row, as both backends store it. */
export interface LeaseOwner {
  pid: number;
  host: string;
}

/** `pid 123 on host`. */
export function describeHolder(owner: LeaseOwner): LeaseHolder {
  return `pid ${owner.pid} on ${owner.host}`;
}

/**
 * Whether the holder may still be alive as far as this host can tell: one on another host is
 * (its lease expires instead); one on this host only while its pid exists, so a lease left by a
 * killed process (kill -9) is taken over at once.
 */
export function mayBeAlive(owner: LeaseOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0); // signal 0: only checks that the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The delivery lease of one store, from its first cluster key (null: no clusters yet). Cluster
 * keys are positive and never reused, so it names no cluster, no other store, nor lease 0.
 */
export function storeLeaseKey(firstClusterKey: number | null): number | null {
  return firstClusterKey === null ? null : -firstClusterKey;
}
