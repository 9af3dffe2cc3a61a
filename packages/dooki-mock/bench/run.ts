// Benchmarks of the simulator itself (run after a build: `pnpm bench`). Each server runs in its
// own process (the harness's), so its CPU time is measured apart from the client's.
import { Agent, get } from 'node:http';
import {
  compact,
  fmt,
  interleave,
  median,
  runBench,
  startSimulator,
  type BenchSuite,
  type Simulator,
} from '@clusterstream/bench-kit';

const PAGE = 100;
const LANES = 2;

/** GETs `pages` pages over `LANES` keep-alive connections, discarding the bodies. */
async function stream(sim: Simulator, pages: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: LANES });
  let next = 1;
  const fetchPage = (page: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const url = `${sim.url}/${sim.alias}/customers/clusters/1/customers?page=${page}&limit=${PAGE}&skipCache=true`;
      get(url, { agent, headers: sim.headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode} on page ${page}`));
        res
          .on('data', () => undefined)
          .on('end', resolve)
          .on('error', reject);
      }).on('error', reject);
    });
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      while (next <= pages) await fetchPage(next++);
    }),
  );
  agent.destroy();
}

/**
 * Server CPU per customer served: the simulator (rendering pages of a 1M cluster) against the
 * cheapest node:http server answering every request with one real page's bytes, alternately.
 */
async function serverCost(suite: BenchSuite): Promise<void> {
  const customers = 100_000;
  const rounds = 3;
  const options = { clusters: [{ id: 1, size: 1_000_000 }], rateLimit: false };
  await using mock = await startSimulator(options);
  await using bare = await startSimulator(options, { staticPage: true });
  const perCpuSecond: Record<'mock' | 'bare', number[]> = { mock: [], bare: [] };
  for (const sim of [mock, bare]) await stream(sim, 50); // warm-up
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, sim] of round % 2 === 0
      ? ([
          ['mock', mock],
          ['bare', bare],
        ] as const)
      : ([
          ['bare', bare],
          ['mock', mock],
        ] as const)) {
      await sim.resetCpu();
      await stream(sim, customers / PAGE);
      perCpuSecond[name].push(customers / ((await sim.cpuMs()) / 1000));
    }
  }
  suite.add({
    bench: `server CPU per customer, ${compact(customers)} customers over ${LANES} connections (median of ${rounds})`,
    contender: `dooki-mock: ${compact(median(perCpuSecond.mock))} customers/CPU s`,
    baseline: `static one-page server: ${compact(median(perCpuSecond.bare))}/CPU s`,
    value: median(perCpuSecond.mock.map((rate, i) => rate / perCpuSecond.bare[i]!)),
    goal: { atLeast: 0.1 },
  });
}

/** A page deep into a 5M cluster must cost about what page 1 does; churn must not grow memory. */
async function farPages(suite: BenchSuite): Promise<void> {
  const size = 5_000_000;
  await using sim = await startSimulator({ clusters: [{ id: 1, size }], rateLimit: false });
  const pages = (page: number, count: number) => async (): Promise<number> => {
    for (let i = 0; i < count; i += 1) {
      const url = `${sim.url}/${sim.alias}/customers/clusters/1/customers?page=${page}&limit=${PAGE}&skipCache=true`;
      await (await fetch(url, { headers: sim.headers })).arrayBuffer();
    }
    return count;
  };
  const lastPage = size / PAGE - 1;
  const heapBefore = (await sim.memory()).heapUsed;
  const result = await interleave(
    { first: pages(1, 50), far: pages(lastPage, 50) },
    { warmup: 1, rounds: 5 },
  );
  await sim.control('churn', 1, { join: 10_000, leave: 10_000 });
  await pages(size / PAGE / 2, 50)();
  const heapGrowthMb = ((await sim.memory()).heapUsed - heapBefore) / 1_048_576;
  suite.add(
    {
      bench: `page latency, 5M-customer cluster (median of ${result.rounds})`,
      contender: `page ${fmt(lastPage)}: ${fmt(1000 / result.rate('far'), 1)} ms`,
      baseline: `page 1: ${fmt(1000 / result.rate('first'), 1)} ms`,
      // rate(first) / rate(far) is the far page's latency over the first's.
      value: result.ratio('first', 'far'),
      goal: { atMost: 2 },
    },
    {
      bench: 'simulator heap growth paging a 5M cluster + 20k churn',
      contender: `heap after: +${fmt(heapGrowthMb, 1)} MB`,
      baseline: 'heap before paging',
      value: heapGrowthMb,
      unit: 'MB',
      goal: { atMost: 24 },
    },
  );
}

await runBench('@clusterstream/dooki-mock', async (suite) => {
  await suite.section('server cost', () => serverCost(suite));
  await suite.section('far pages', () => farPages(suite));
});
