import {
  diffMembership,
  idsObservation,
  resolveTruthRules,
  type MemberSnapshot,
  type MembershipDiff,
  type TruthRules,
} from '@clusterstream/core/membership';

/**
 * The trigger's remembered membership, kept in the workflow's static data. Ids only, sorted,
 * so it stays compact and JSON-serializable.
 */
export interface MembershipState {
  /** Cluster the baseline belongs to; a different cluster means a fresh baseline. */
  clusterId?: number;
  /** Members after the last complete scan, including those missing from it once. */
  members?: number[];
  /** Members missing from the last complete scan only: they leave if the next scan agrees. */
  absentOnce?: number[];
}

/** How the mass-change breaker is set in the node. */
export interface BreakerSettings {
  /** Leaves are held when more than this percentage of the cluster is missing from a scan. */
  maxLeavePercent: number;
  /** Release held leaves when exactly this many are held (the user confirms what they saw). */
  confirmHeldLeaves: number;
  /**
   * False when the trigger emits no leaves ("Customer Left" not selected): the breaker then has
   * nothing to protect, and holding would fail polls over events nobody asked for.
   */
  holdMassLeaves?: boolean;
}

export const DEFAULT_MAX_LEAVE_PERCENT = 15;

export interface Reconciliation {
  diff: MembershipDiff;
  next: Required<MembershipState>;
}

/**
 * The watcher's truth rules with the trigger's settings: a leave needs two consecutive complete
 * scans, and a mass leave is held until the user raises the threshold or confirms it: never
 * released by time alone, since the workflow behind a trigger may email every leaver.
 */
export function triggerRules(maxLeavePercent: number, acceptMassChange = false): TruthRules {
  return resolveTruthRules({
    confirmScans: 2,
    maxLeaveFraction: maxLeavePercent / 100,
    breakerConfirmScans: Infinity,
    acceptMassChange,
  });
}

/**
 * Compares one complete scan with the remembered state through core's membership rules. A join
 * counts at once; a leave needs two consecutive complete scans; leaves above the breaker's
 * threshold are held (`diff.held`) unless the user confirmed exactly that many. Applying the same
 * scan twice yields no new events (a poll may run twice).
 *
 * @example
 * reconcile({ clusterId: 1, members: [1, 2], absentOnce: [] }, 1, new Set([2, 3]), settings);
 * // → diff.joins [3], diff.pending [1], next.absentOnce [1]
 */
export function reconcile(
  previous: MembershipState,
  clusterId: number,
  seen: Iterable<number>,
  { maxLeavePercent, confirmHeldLeaves, holdMassLeaves = true }: BreakerSettings,
): Reconciliation {
  const snapshot = toSnapshot(previous);
  const scan = idsObservation(seen);
  let diff = diffMembership(snapshot, scan, triggerRules(maxLeavePercent, !holdMassLeaves));
  if (diff.held.length > 0 && diff.held.length === confirmHeldLeaves) {
    diff = diffMembership(snapshot, scan, triggerRules(maxLeavePercent, true));
  }
  return { diff, next: toState(clusterId, diff.next) };
}

/** The state after a first complete scan: every id is a member, nobody is missing. */
export function baselineState(
  clusterId: number,
  seen: Iterable<number>,
): Required<MembershipState> {
  return { clusterId, members: Array.from(idsObservation(seen).ids), absentOnce: [] };
}

/** True when the static data holds a baseline for this cluster. */
export function hasBaseline(
  state: MembershipState,
  clusterId: number,
): state is Required<MembershipState> {
  return state.clusterId === clusterId && Array.isArray(state.members);
}

/** Overwrites the static-data object in place (n8n persists that very object). */
export function saveState(target: MembershipState, next: Required<MembershipState>): void {
  target.clusterId = next.clusterId;
  target.members = next.members;
  target.absentOnce = next.absentOnce;
}

function toSnapshot({ members = [], absentOnce = [] }: MembershipState): MemberSnapshot {
  const ids = Float64Array.from(new Set(members)).sort();
  const absent = new Set(absentOnce);
  return {
    ids,
    missing: Uint16Array.from(ids, (id) => (absent.has(id) ? 1 : 0)),
    hashes: new Int32Array(ids.length),
  };
}

// Held leaves are never saved (the poll fails first), so a missing count is 0 or 1 here; any
// higher count would be kept as 1, which can only delay a leave, never invent one.
function toState(clusterId: number, snapshot: MemberSnapshot): Required<MembershipState> {
  const absentOnce: number[] = [];
  snapshot.missing.forEach((missing, index) => {
    if (missing > 0) absentOnce.push(snapshot.ids[index]!);
  });
  return { clusterId, members: Array.from(snapshot.ids), absentOnce };
}
