// Benchmarks of @clusterstream/core against the Dooki simulator running on a worker thread.
// Every figure is compared with a baseline measured in the same run; the table shows the goal
// and PASS/MISS. Run after a build: `pnpm bench` (node --loader ts-node/esm bench/run.ts).
import { cpus, loadavg } from 'node:os';
import { MockThread } from './mock-thread.js';
import { bestOf, coreScan, rawScan, ROUNDS, timed } from './scans.js';
import { fmt, perSecond, printTable, type Row } from './table.js';

async function zeroLatency(mock: MockThread, rows: Row[]): Promise<void> {
  const size = 200_000;
  // skipCache=true on both sides (the client's default): the simulator renders every page on its
  // own thread, which read-ahead can overlap with the client's parsing and the raw loop cannot.
  const url = await mock.start({ clusters: [{ id: 1, size }], rateLimit: false, latencyMs: 0 });
  await rawScan(url, 1, true); // warm-up: JIT, keep-alive sockets
  await coreScan(url, 1, { prefetch: 2 });
  const best = await bestOf({
    raw: () => rawScan(url, 1, true),
    p1: () => coreScan(url, 1, { prefetch: 1 }),
    p2: () => coreScan(url, 1, { prefetch: 2 }),
  });
  for (const [name, key, goal] of [
    ['prefetch 1', 'p1', 0.85],
    ['prefetch 2', 'p2', 1.0],
  ] as const) {
    const ratio = perSecond(best[key]!) / perSecond(best.raw!);
    if (best[key]!.items !== size || best.raw!.items !== size)
      throw new Error(`bench 1 saw ${best[key]!.items} items`);
    rows.push({
      name: `1. 200k customers, 0 ms latency, clusterCustomers ${name} (items/s)`,
      measured: fmt(perSecond(best[key]!)),
      baseline: `${fmt(perSecond(best.raw!))} (raw fetch+JSON.parse)`,
      ratio: `${fmt(ratio, 2)}x`,
      goal: `>= ${fmt(goal, 2)}x`,
      pass: ratio >= goal,
    });
  }
}

async function withLatency(mock: MockThread, rows: Row[]): Promise<void> {
  const pages = 60;
  const url = await mock.start({
    clusters: [{ id: 1, size: pages * 100 }],
    rateLimit: false,
    latencyMs: 20,
  });
  const best = await bestOf({
    raw: () => rawScan(url, 1, true),
    p4: () => coreScan(url, 1, { prefetch: 4 }),
  });
  const ratio = perSecond(best.p4!) / perSecond(best.raw!);
  rows.push({
    name: `2. 20 ms latency per page, ${pages} pages, prefetch 4 (items/s)`,
    measured: fmt(perSecond(best.p4!)),
    baseline: `${fmt(perSecond(best.raw!))} (raw sequential)`,
    ratio: `${fmt(ratio, 2)}x`,
    goal: '>= 3.00x',
    pass: ratio >= 3,
  });
}

async function rateLimited(mock: MockThread, rows: Row[]): Promise<void> {
  const pages = 300;
  const limit = 20;
  const windowMs = 1_000;
  const options = {
    clusters: [{ id: 1, size: pages * 100 }],
    latencyMs: 0,
    rateLimit: { limit, windowMs },
  };
  // The last window must open before the last page can be asked for: (ceil(pages/limit) - 1) windows.
  const minimumMs = (Math.ceil(pages / limit) - 1) * windowMs;

  let url = await mock.start(options);
  const ours = await timed(() => coreScan(url, 1, { prefetch: 1 }, true));
  const oursRefused = (await mock.stats()).refused;

  url = await mock.start(options);
  const naive = await timed(() => rawScan(url, 1, true, () => undefined));
  const naiveRefused = (await mock.stats()).refused;

  const ratio = ours.ms / minimumMs;
  rows.push({
    name: `3. ${pages} pages at ${limit} req/s, wall time (429s)`,
    measured: `${fmt(ours.ms / 1000, 2)} s (${oursRefused} x 429)`,
    baseline: `min ${fmt(minimumMs / 1000, 2)} s; naive retry-on-429 ${fmt(naive.ms / 1000, 2)} s (${naiveRefused} x 429)`,
    ratio: `${fmt(ratio, 3)}x min`,
    goal: '<= 1.05x min, 0 x 429',
    pass: ratio <= 1.05 && oursRefused === 0 && ours.items === pages * 100,
  });
}

const mock = new MockThread();
const rows: Row[] = [];
try {
  const load = loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
  console.log(
    `@clusterstream/core bench: node ${process.version}, ${cpus().length} CPUs, load average ${load}; ` +
      `simulator on a worker thread; throughput is the best of ${ROUNDS} interleaved runs\n`,
  );
  // BENCH_ONLY=1,3 runs a subset while tuning; the default runs all three.
  const only = (process.env.BENCH_ONLY ?? '1,2,3').split(',');
  if (only.includes('1')) await zeroLatency(mock, rows);
  if (only.includes('2')) await withLatency(mock, rows);
  if (only.includes('3')) await rateLimited(mock, rows);
  printTable(rows);
} finally {
  await mock.close();
}
process.exitCode = rows.every((row) => row.pass) ? 0 : 1;
