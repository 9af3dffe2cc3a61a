// One full fleet cycle (every cluster of every store baselined) with 1 and with 3 real
// `dooki-watch fleet` processes on one Postgres, against the simulator in its own process with
// the real API's quota per store. Wall time is judged against the time the quota alone imposes.
import { setTimeout as sleep } from 'node:timers/promises';
import { fmt, startSimulator, type BenchSuite } from '@clusterstream/bench-kit';
import { generateStores } from '@clusterstream/dooki-mock';
import {
  metricSum,
  peakRss,
  scrape,
  startWorker,
  writeFleetFile,
  type FleetWorker,
} from '../test/helpers/fleet.js';
import { freshDatabase } from '../test/helpers/postgres.js';

/** 50 stores; BENCH_FLEET_STORES runs a smaller fleet while exploring. */
const STORES = Number(process.env.BENCH_FLEET_STORES ?? 50);
const CLUSTERS = [1, 2];
const MEMBERS = 2_000;
const PAGE_SIZE = 100;
const QUOTA = { limit: 60, windowMs: 60_000 };
/** Pages of one store's cycle: every cluster read once, 100 members a page. */
const PAGES_PER_STORE = CLUSTERS.length * Math.ceil(MEMBERS / PAGE_SIZE);
/**
 * The theoretical minimum of a cycle: a store's pages at its quota's average pace (pages ÷
 * requests per ms), every store in parallel since each has its own quota. A fixed window that
 * starts full lets a first cycle burst below it; a cycle that follows another cannot.
 */
const MINIMUM_MS = (PAGES_PER_STORE / QUOTA.limit) * QUOTA.windowMs;
const MB = 1_000_000;

interface CycleFigures {
  wallMs: number;
  cpuSeconds: number;
  peakRssBytes: number[];
  pages: number;
  refused: number;
}

/** `--concurrency` for each worker: every store it may hold at once, plus deliveries. */
const CONCURRENCY = STORES + 10;

async function cycle(
  suite: BenchSuite,
  serverUrl: string,
  dir: string,
  workerCount: number,
): Promise<CycleFigures> {
  const database = await freshDatabase(serverUrl, `fleet_bench_${workerCount}`);
  const specs = generateStores({
    count: STORES,
    clustersPerStore: CLUSTERS.length,
    membersPerCluster: MEMBERS,
  });
  await using sim = await startSimulator({
    clusters: CLUSTERS.map((id) => ({ id, size: MEMBERS })),
    stores: specs,
    rateLimit: QUOTA,
    latencyMs: 0,
  });
  const stores = specs.map((spec) => ({ alias: spec.alias, credentials: spec.credentials! }));
  const config = writeFleetFile({ url: sim.url, stores }, dir, {
    interval: '1h',
    clusters: CLUSTERS,
  });
  // Production heartbeat timing, not the tests' shortened one.
  const timing = { DOOKI_FLEET_HEARTBEAT_MS: '5000', DOOKI_FLEET_DEAD_AFTER_MS: '30000' };
  const started = performance.now();
  const workers: FleetWorker[] = Array.from({ length: workerCount }, () =>
    startWorker(config, database, timing, CONCURRENCY),
  );
  try {
    const baselines = async (): Promise<number> => {
      let sum = 0;
      for (const worker of workers)
        sum += metricSum(await scrape(worker), 'dooki_watch_scans_total', 'outcome="baseline"');
      return sum;
    };
    let reported = performance.now();
    for (let done = await baselines(); done < STORES * CLUSTERS.length; done = await baselines()) {
      if (performance.now() - reported > 10_000) {
        reported = performance.now();
        suite.log(
          `${workerCount} worker(s): ${done} of ${STORES * CLUSTERS.length} clusters baselined`,
        );
      }
      if (workers.some((w) => w.child.exitCode !== null))
        throw new Error(`a worker exited:\n${workers.map((w) => w.output()).join('\n')}`);
      if (performance.now() - started > 20 * MINIMUM_MS) throw new Error('the cycle hangs');
      await sleep(100);
    }
    const wallMs = performance.now() - started;
    let cpuSeconds = 0;
    for (const worker of workers)
      cpuSeconds += metricSum(await scrape(worker), 'dooki_watch_process_cpu_seconds_total');
    const peakRssBytes = workers.map((worker) => peakRss(worker.child.pid!));
    const stats = await sim.stats();
    return { wallMs, cpuSeconds, peakRssBytes, pages: stats.pageRequests, refused: stats.refused };
  } finally {
    for (const worker of workers) await worker.stop();
  }
}

export async function fleetCycle(suite: BenchSuite, serverUrl: string, dir: string) {
  const bench = `fleet cycle, ${STORES} stores × ${CLUSTERS.length} × ${fmt(MEMBERS)} @ ${QUOTA.limit}/min`;
  const minimum = `minimum ${fmt(MINIMUM_MS / 1000)} s (${PAGES_PER_STORE} pages ÷ ${QUOTA.limit}/min)`;
  const customers = STORES * CLUSTERS.length * MEMBERS;
  for (const workerCount of [1, 3]) {
    const figures = await cycle(suite, serverUrl, dir, workerCount);
    const label = `${workerCount} worker${workerCount === 1 ? '' : 's'}`;
    suite.log(
      `${label}: ${fmt(figures.wallMs / 1000, 1)} s, ${figures.pages} pages, ${figures.refused} × 429, ` +
        `${fmt(figures.cpuSeconds, 1)} CPU s, peak RSS ${figures.peakRssBytes.map((b) => fmt(b / MB)).join(' / ')} MB`,
    );
    suite.add(
      {
        bench,
        contender: `${label}: ${fmt(figures.wallMs / 1000, 1)} s, ${figures.pages} pages`,
        baseline: minimum,
        value: figures.wallMs / MINIMUM_MS,
        goal: { atMost: 1.15 },
      },
      {
        bench,
        contender: `${label}: 429 answers`,
        baseline: `${figures.pages} pages`,
        value: figures.refused,
        unit: '× 429',
        goal: { atMost: 0 },
      },
      {
        bench,
        contender: `${label}: CPU per 1,000 customers`,
        baseline: `${fmt(figures.cpuSeconds, 1)} CPU s, all workers`,
        value: figures.cpuSeconds / (customers / 1000),
        unit: 'CPU s',
      },
      {
        bench,
        contender: `${label}: peak RSS per worker`,
        baseline: figures.peakRssBytes.map((b) => `${fmt(b / MB)} MB`).join(', '),
        value: Math.max(...figures.peakRssBytes) / MB,
        unit: 'MB',
      },
    );
  }
}
