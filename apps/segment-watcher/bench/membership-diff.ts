// The membership diff of a 1M-member cluster against sorting the same ids. The diff is a linear
// merge of two ascending arrays (plus the truth rules); sorting the ids is what the watcher
// would pay at the least if the pages did not arrive in id order. So one diff must cost no more
// than one sort of the same ids: throughput ratio >= 1.
import { compact, interleave, type BenchSuite } from '@clusterstream/bench-kit';
import {
  diffMembership,
  resolveTruthRules,
  type MemberSnapshot,
  type ScanObservation,
} from '@clusterstream/core/membership';

/** A deterministic generator, so every run diffs the same ids. */
const random = (seed: number) => (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

/** A stored snapshot of `size` members and a scan where 1% left and 1% joined. */
function churnedCluster(size: number): { prev: MemberSnapshot; scan: ScanObservation } {
  const next = random(7);
  const ids = new Float64Array(size);
  let id = 1_000;
  for (let i = 0; i < size; i += 1) ids[i] = id += 1 + Math.floor(next() * 3);
  const kept = ids.filter(() => next() >= 0.01);
  const joined = Float64Array.from(
    { length: size / 100 },
    () => id + 1 + Math.floor(next() * size),
  );
  const scanIds = Float64Array.from(new Set([...kept, ...joined])).sort();
  return {
    prev: { ids, missing: new Uint16Array(size), hashes: new Int32Array(size) },
    scan: {
      ids: scanIds,
      hashes: new Int32Array(scanIds.length),
      stable: true,
      seams: new Float64Array(0),
    },
  };
}

/** Fisher-Yates with the same generator: the order pages could deliver ids in. */
function shuffled(ids: Float64Array): Float64Array {
  const next = random(11);
  const copy = ids.slice();
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export async function membershipDiff(suite: BenchSuite, size: number): Promise<void> {
  const { prev, scan } = churnedCluster(size);
  const unordered = shuffled(scan.ids);
  const rules = resolveTruthRules();
  let joins = 0;
  const result = await interleave(
    {
      diff: () => {
        joins = diffMembership(prev, scan, rules).joins.length;
        return scan.ids.length;
      },
      sort: () => unordered.slice().sort().length,
    },
    { warmup: 1, rounds: 7 },
  );
  if (joins === 0) throw new Error('the diff found no joins: the churned cluster is wrong');
  suite.add({
    bench: `membership diff, ${compact(size)} members, 1% churn (ids/s, median of ${result.rounds})`,
    contender: `diffMembership: ${compact(result.rate('diff'))}/s`,
    baseline: `Float64Array sort of the same ids: ${compact(result.rate('sort'))}/s`,
    value: result.ratio('diff', 'sort'),
    goal: { atLeast: 1 },
  });
}
