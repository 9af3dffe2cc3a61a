import { Membership } from './membership.js';
import { CLUSTER_NAMES } from './pt-br-data.js';
import { hash32, Rng } from './random.js';
import type { ChurnChange, ChurnResult, ClusterSpec } from './types.js';

/** A control call named a cluster that does not exist (or was deleted). */
export class UnknownClusterError extends RangeError {
  constructor(readonly clusterId: number) {
    super(`unknown or deleted cluster ${clusterId}`);
    this.name = 'UnknownClusterError';
  }
}

interface ClusterState {
  readonly id: number;
  readonly name: string;
  readonly members: Membership;
  deleted: boolean;
}

/**
 * Every cluster's membership. Cluster k's initial members are the k-th contiguous id range (in the
 * order given), so a customer's cluster is a lookup, never stored per customer. Churn is a pure
 * function of (seed, step, clusterId) applied to the current state.
 */
export class ClusterStore {
  private readonly clusters = new Map<number, ClusterState>();
  private nextFreshId: number;
  private churnSteps = 0;

  constructor(
    private readonly seed: number,
    specs: readonly ClusterSpec[],
  ) {
    let start = 1;
    specs.forEach((spec, index) => {
      if (!Number.isSafeInteger(spec.id) || spec.id < 1) {
        throw new RangeError(`cluster id must be a positive integer, got ${spec.id}`);
      }
      if (!Number.isSafeInteger(spec.size) || spec.size < 0) {
        throw new RangeError(`cluster ${spec.id}: size must be an integer >= 0, got ${spec.size}`);
      }
      if (this.clusters.has(spec.id)) throw new RangeError(`duplicate cluster id ${spec.id}`);
      const name = spec.name ?? CLUSTER_NAMES[index % CLUSTER_NAMES.length] ?? `Cluster ${spec.id}`;
      this.clusters.set(spec.id, {
        id: spec.id,
        name,
        members: new Membership(start, spec.size),
        deleted: false,
      });
      start += spec.size;
    });
    this.nextFreshId = start;
  }

  get step(): number {
    return this.churnSteps;
  }

  /** Live (not deleted) clusters in ascending id order. */
  list(): { id: number; name: string; position: number }[] {
    return [...this.clusters.values()]
      .map((cluster, position) => ({ cluster, position }))
      .filter(({ cluster }) => !cluster.deleted)
      .sort((a, b) => a.cluster.id - b.cluster.id)
      .map(({ cluster, position }) => ({ id: cluster.id, name: cluster.name, position }));
  }

  /** The live cluster's membership, or undefined when unknown or deleted. */
  members(clusterId: number): Membership | undefined {
    const cluster = this.clusters.get(clusterId);
    return cluster && !cluster.deleted ? cluster.members : undefined;
  }

  /** Membership of a live cluster, or a RangeError naming the id. */
  require(clusterId: number): Membership {
    const members = this.members(clusterId);
    if (!members) throw new UnknownClusterError(clusterId);
    return members;
  }

  /** The cluster a customer belongs to now, or null. */
  clusterOf(customerId: number): number | null {
    for (const cluster of this.clusters.values()) {
      if (!cluster.deleted && cluster.members.has(customerId)) return cluster.id;
    }
    return null;
  }

  delete(clusterId: number): void {
    const cluster = this.clusters.get(clusterId);
    if (cluster) cluster.deleted = true;
  }

  /** Adds ids to a cluster, moving them out of any other cluster (a customer has one cluster_id). */
  add(clusterId: number, ids: readonly number[]): number[] {
    const target = this.require(clusterId);
    for (const id of ids) {
      if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`invalid customer id ${id}`);
    }
    for (const cluster of this.clusters.values()) {
      if (cluster.id !== clusterId) cluster.members.remove(ids);
    }
    const added = target.add(ids);
    for (const id of added) if (id >= this.nextFreshId) this.nextFreshId = id + 1;
    return added;
  }

  remove(clusterId: number, ids: readonly number[]): number[] {
    return this.require(clusterId).remove(ids);
  }

  /**
   * One deterministic churn step: `leave` random members drop out of the cluster, then `join`
   * customers enter it — mostly brand-new ids, some moved from another cluster.
   */
  churn(clusterId: number, change: ChurnChange): ChurnResult {
    const members = this.require(clusterId);
    const before = members.count;
    const leaveCount = Math.min(before, resolveCount(change.leave, change.leavePercent, before));
    const joinCount = resolveCount(change.join, change.joinPercent, before);
    const rng = new Rng(hash32(this.seed, this.churnSteps + 1, clusterId));
    const left = members.remove(pickIndices(rng, before, leaveCount).map((k) => members.at(k)!));
    const donors = [...this.clusters.values()].filter(
      (c) => c.id !== clusterId && !c.deleted && c.members.count > 0,
    );
    const joining = new Set<number>();
    for (let i = 0; i < joinCount; i++) {
      const donor = donors.length > 0 && rng.chance(0.2) ? rng.pick(donors) : undefined;
      const moved = donor?.members.at(rng.int(donor.members.count));
      if (moved !== undefined && !joining.has(moved)) joining.add(moved);
      else joining.add(this.nextFreshId++);
    }
    const joined = this.add(clusterId, [...joining]);
    this.churnSteps++;
    return { step: this.churnSteps, joined, left };
  }
}

function resolveCount(
  absolute: number | undefined,
  percent: number | undefined,
  of: number,
): number {
  const value = absolute ?? Math.round(((percent ?? 0) / 100) * of);
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`churn sizes must be finite and >= 0, got ${value}`);
  }
  return Math.floor(value);
}

/** `count` distinct indices in [0, size), ascending. */
function pickIndices(rng: Rng, size: number, count: number): number[] {
  if (count * 2 > size) {
    // Dense pick: partial Fisher-Yates over the materialised index list.
    const all = Array.from({ length: size }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + rng.int(size - i);
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    return all.slice(0, count).sort((a, b) => a - b);
  }
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(rng.int(size));
  return [...chosen].sort((a, b) => a - b);
}
