import {
  diffMembership,
  type MemberSnapshot,
  type MembershipDiff,
  type ScanObservation,
} from '../../src/diff/diff-membership.js';
import { type TruthRules } from '../../src/diff/rules.js';

/** A stable observation of exactly `ids` (hash = id, so content never changes). */
export function observe(
  ids: Iterable<number>,
  options: { stable?: boolean; seams?: number[] } = {},
): ScanObservation {
  const sorted = Float64Array.from(new Set(ids)).sort();
  return {
    ids: sorted,
    hashes: Int32Array.from(sorted, (id) => id | 0),
    stable: options.stable ?? true,
    seams: Float64Array.from(options.seams ?? []),
  };
}

/** Runs scans in order from an empty snapshot; returns each diff. */
export function runScans(
  scans: ScanObservation[],
  rules: TruthRules,
  start?: MemberSnapshot,
): MembershipDiff[] {
  let snapshot: MemberSnapshot = start ?? {
    ids: new Float64Array(0),
    missing: new Uint16Array(0),
    hashes: new Int32Array(0),
  };
  return scans.map((scan) => {
    const diff = diffMembership(snapshot, scan, rules);
    snapshot = diff.next;
    return diff;
  });
}

/** `set ∪ joins − leaves`, ascending. */
export function applyChanges(
  ids: Iterable<number>,
  joins: Iterable<number>,
  leaves: Iterable<number>,
): number[] {
  const set = new Set(ids);
  for (const id of joins) set.add(id);
  for (const id of leaves) set.delete(id);
  return [...set].sort((a, b) => a - b);
}
