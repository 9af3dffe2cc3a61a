/**
 * The trigger's remembered membership, kept in the workflow's static data. Ids only, sorted,
 * so it stays compact and JSON-serializable.
 */
export interface MembershipState {
  /** Cluster the baseline belongs to; a different cluster means a fresh baseline. */
  clusterId?: number;
  /** Confirmed members after the last complete scan. */
  members?: number[];
  /** Members missing from the last complete scan only: they leave if the next scan agrees. */
  absentOnce?: number[];
}

export interface Reconciliation {
  joined: number[];
  left: number[];
  next: Required<MembershipState>;
}

/**
 * Compares one complete scan with the remembered state. A join counts at once; a leave needs
 * the member to be absent from two consecutive complete scans, so one odd page cannot fake
 * it. Applying the same scan twice yields no new events (a poll may run twice).
 *
 * @example
 * reconcile({ clusterId: 1, members: [1, 2], absentOnce: [] }, 1, new Set([2, 3]));
 * // → joined [3], left [], next.absentOnce [1]
 */
export function reconcile(
  previous: MembershipState,
  clusterId: number,
  seen: ReadonlySet<number>,
): Reconciliation {
  const members = new Set(previous.members ?? []);
  const absentBefore = new Set(previous.absentOnce ?? []);
  const joined = [...seen].filter((id) => !members.has(id));
  const left: number[] = [];
  const absentOnce: number[] = [];
  for (const id of members) {
    if (seen.has(id)) continue;
    if (absentBefore.has(id)) left.push(id);
    else absentOnce.push(id);
  }
  const leftSet = new Set(left);
  const nextMembers = [...members, ...joined].filter((id) => !leftSet.has(id));
  return {
    joined: ascending(joined),
    left: ascending(left),
    next: { clusterId, members: ascending(nextMembers), absentOnce: ascending(absentOnce) },
  };
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

function ascending(ids: number[]): number[] {
  return ids.sort((a, b) => a - b);
}
