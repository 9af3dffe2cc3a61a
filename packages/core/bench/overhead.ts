// Bench 1: what the client costs over a raw fetch + JSON.parse loop asking for the same pages
// with the same number of requests in flight, against a simulator with no rate limit and no
// latency (so the client's own work is all that differs).
import { compact, interleave, startSimulator, type BenchSuite } from '@clusterstream/bench-kit';
import { benchClient, coreScan, rawConcurrent, rawSequential } from './scans.js';

const SIZE = 50_000;
const GOAL = { atLeast: 0.9 };

export async function clientOverhead(suite: BenchSuite): Promise<void> {
  await using sim = await startSimulator({
    clusters: [{ id: 1, size: SIZE }],
    rateLimit: false,
    latencyMs: 0,
  });
  const client = benchClient(sim, { rateLimit: false });
  const counted = (scan: () => Promise<number>) => async (): Promise<number> => {
    const items = await scan();
    if (items !== SIZE) throw new Error(`a scan saw ${items} of ${SIZE} customers`);
    return items;
  };
  // prefetch 0 and 1 both keep one request in flight (with 1 the next page is requested while
  // the subscriber takes the current one); prefetch 2 keeps two.
  const result = await interleave(
    {
      raw1: counted(() => rawSequential(sim, 1)),
      p0: counted(() => coreScan(client, 1, { prefetch: 0 })),
      p1: counted(() => coreScan(client, 1, { prefetch: 1 })),
      raw2: counted(() => rawConcurrent(sim, 1, 2)),
      p2: counted(() => coreScan(client, 1, { prefetch: 2 })),
    },
    { warmup: 1, rounds: 7 },
  );
  const bench = `client overhead, ${SIZE / 1000}k customers (items/s, median of ${result.rounds})`;
  const rate = (name: string): string => `${compact(result.rate(name))}/s`;
  suite.add(
    {
      bench,
      contender: `core prefetch 0: ${rate('p0')}`,
      baseline: `raw fetch+parse, sequential: ${rate('raw1')}`,
      value: result.ratio('p0', 'raw1'),
      goal: GOAL,
    },
    {
      bench,
      contender: `core prefetch 1: ${rate('p1')}`,
      baseline: `raw fetch+parse, sequential: ${rate('raw1')}`,
      value: result.ratio('p1', 'raw1'),
      goal: GOAL,
    },
    {
      bench,
      contender: `core prefetch 2: ${rate('p2')}`,
      baseline: `raw fetch+parse, 2 in flight: ${rate('raw2')}`,
      value: result.ratio('p2', 'raw2'),
      goal: GOAL,
    },
  );
}

/** What read-ahead buys when each page takes 20 ms: prefetch 4 against the sequential floor. */
export async function readAhead(suite: BenchSuite): Promise<void> {
  const pages = 60;
  await using sim = await startSimulator({
    clusters: [{ id: 1, size: pages * 100 }],
    rateLimit: false,
    latencyMs: 20,
  });
  const client = benchClient(sim, { rateLimit: false });
  const result = await interleave(
    { raw1: () => rawSequential(sim, 1), p4: () => coreScan(client, 1, { prefetch: 4 }) },
    { warmup: 1, rounds: 3 },
  );
  suite.add({
    bench: `read-ahead, ${pages} pages at 20 ms latency (items/s, median of ${result.rounds})`,
    contender: `core prefetch 4: ${compact(result.rate('p4'))}/s`,
    baseline: `raw fetch+parse, sequential: ${compact(result.rate('raw1'))}/s`,
    value: result.ratio('p4', 'raw1'),
    goal: { atLeast: 3 },
  });
}
