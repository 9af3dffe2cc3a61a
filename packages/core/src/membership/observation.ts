import { type ScanObservation } from './diff-membership.js';

/** Options of {@link idsObservation}. */
export interface IdsObservationOptions {
  /** Whether membership held still while the scan ran. Default true. */
  stable?: boolean;
  /** Flattened `(lo, hi)` id intervals between pages; they matter only when `stable` is false. */
  seams?: ArrayLike<number>;
}

/**
 * A scan observation for callers that track membership only: ids sorted and de-duplicated, every
 * content hash 0 (so `hashChanged` stays empty).
 *
 * @example
 * diffMembership(snapshot, idsObservation(scan.ids), rules);
 */
export function idsObservation(
  ids: Iterable<number>,
  { stable = true, seams = [] }: IdsObservationOptions = {},
): ScanObservation {
  const sorted = Float64Array.from(new Set(ids)).sort();
  return {
    ids: sorted,
    hashes: new Int32Array(sorted.length),
    stable,
    seams: Float64Array.from(seams),
  };
}
