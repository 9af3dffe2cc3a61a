import { type ScanObservation } from './diff-membership.js';

/** Absences that count: all of them in a stable scan, only those inside a page otherwise. */
export function absenceCounter(scan: ScanObservation): (id: number) => boolean {
  if (scan.stable) return () => true;
  const intervals: [number, number][] = [];
  for (let k = 0; k + 1 < scan.seams.length; k += 2) {
    const lo = scan.seams[k]!;
    const hi = scan.seams[k + 1]!;
    if (hi - lo > 1) intervals.push([lo, hi]);
  }
  intervals.sort((x, y) => x[0] - y[0]);
  const los = Float64Array.from(intervals, ([lo]) => lo);
  const reach = new Float64Array(intervals.length);
  intervals.forEach(([, hi], k) => (reach[k] = Math.max(hi, k > 0 ? reach[k - 1]! : -Infinity)));
  return (id) => {
    // The last interval starting below `id`; prefix-max of `hi` tells whether any covers it.
    let lo = 0;
    let hi = los.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (los[mid]! < id) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return !(found >= 0 && reach[found]! > id);
  };
}

/** Previous members absent from the scan: all of them, and those whose absence counts. */
export function countAbsent(
  prevIds: Float64Array,
  scanIds: Float64Array,
  counts: (id: number) => boolean,
): { all: number; counted: number } {
  let all = 0;
  let counted = 0;
  let j = 0;
  for (let i = 0; i < prevIds.length; i++) {
    const id = prevIds[i]!;
    while (j < scanIds.length && scanIds[j]! < id) j++;
    if (j >= scanIds.length || scanIds[j] !== id) {
      all++;
      if (counts(id)) counted++;
    }
  }
  return { all, counted };
}
