import { idsObservation, type ScanObservation } from '@clusterstream/core/membership';

/** A stable observation of exactly `ids` (hash = id, so content never changes). */
export function observe(
  ids: Iterable<number>,
  options: { stable?: boolean; seams?: number[] } = {},
): ScanObservation {
  const scan = idsObservation(ids, options);
  return { ...scan, hashes: Int32Array.from(scan.ids, (id) => id | 0) };
}
