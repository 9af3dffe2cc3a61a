// The fleet at scale: 1,000 stores × 2 clusters × 500 members in one simulator process, each
// store limited to 60 requests per 60 s, watched by real `dooki-watch fleet` processes (1, then
// 3) on one embedded Postgres. After the first cycle and every store's first rate window, three
// intervals at steady state are judged: every cluster scanned in every interval (scans table),
// every store's requests per window within its quota (the simulator's per-window records), the
// workers' CPU per 1,000 customers (3 workers against 1 in the same run) and peak RSS.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { fmt, startSimulator, type BenchRow, type BenchSuite } from '@clusterstream/bench-kit';
import { generateStores, type RateWindow } from '@clusterstream/dooki-mock';
import {
  cpuSeconds,
  peakRss,
  startWorker,
  writeFleetFile,
  type FleetWorker,
} from '../test/helpers/fleet.js';
import { freshDatabase } from '../test/helpers/postgres.js';
import {
  completedScans,
  coverage,
  firstWindowsEnd,
  windowUse,
  type Coverage,
  type Span,
  type WindowUse,
} from './fleet-scale-measures.js';

/** 1,000 stores (the size); BENCH_FLEET_SCALE_STORES runs a smaller fleet to explore. */
const STORES = Number(process.env.BENCH_FLEET_SCALE_STORES ?? 1_000);
const CLUSTERS = [1, 2];
const MEMBERS = 500;
// The watcher reads 100 members a page: 5 pages a cluster, 10 requests a store per interval.
const QUOTA = { limit: 60, windowMs: 60_000 };
/** How often every cluster is scanned (BENCH_FLEET_SCALE_INTERVAL_S); >= 10 s for the fleet. */
const INTERVAL_MS = Number(process.env.BENCH_FLEET_SCALE_INTERVAL_S ?? 90) * 1000;
/** `--concurrency` of every worker (BENCH_FLEET_SCALE_CONCURRENCY). */
const CONCURRENCY = Number(process.env.BENCH_FLEET_SCALE_CONCURRENCY ?? 40);
const STEADY_INTERVALS = 3;
/** The first cycle stores 1M members; past this it is taken for a hang. */
const FIRST_CYCLE_LIMIT_MS = 20 * 60_000;
/** Time for scans started in the last interval to commit before the scans table is read. */
const SETTLE_MS = 20_000;
const MB = 1_000_000;
const CLUSTER_COUNT = STORES * CLUSTERS.length;

interface ScaleFigures {
  firstCycleMs: number;
  coverage: Coverage;
  windows: WindowUse;
  /** 429 answers over the whole run, first cycle included. */
  refusedTotal: number;
  requestsTotal: number;
  /** CPU seconds of each worker over the steady span. */
  cpuSeconds: number[];
  steadyMs: number;
  peakRssBytes: number[];
}

/** Every rate window the run needs, from the first one on (the first cycle's included). */
const windowHistory = (): number =>
  Math.ceil((FIRST_CYCLE_LIMIT_MS + (STEADY_INTERVALS + 2) * INTERVAL_MS) / QUOTA.windowMs) + 2;

const fleetSpecs = () =>
  generateStores({ count: STORES, clustersPerStore: CLUSTERS.length, membersPerCluster: MEMBERS });

function startFleetSimulator(specs: ReturnType<typeof fleetSpecs>) {
  // Only the aliases cross to the simulator process (1,000 full specs overflow one argv string);
  // it derives the same seeds and credentials from them as generateStores did here.
  return startSimulator({
    clusters: CLUSTERS.map((id) => ({ id, size: MEMBERS })),
    stores: specs.map(({ alias }) => ({ alias })),
    rateLimit: { ...QUOTA, windowHistory: windowHistory() },
    latencyMs: 0,
  });
}

/** Sleeps until `ms` (epoch), failing as soon as a worker exits. */
async function runUntil(ms: number, workers: readonly FleetWorker[]): Promise<void> {
  while (Date.now() < ms) {
    const dead = workers.find((worker) => worker.child.exitCode !== null);
    if (dead) throw new Error(`a worker exited:\n${dead.output().slice(-2000)}`);
    await sleep(Math.min(1000, ms - Date.now()));
  }
}

/** Waits for every cluster's baseline; resolves with when the last one finished (epoch ms). */
async function firstCycle(
  suite: BenchSuite,
  pool: pg.Pool,
  workers: readonly FleetWorker[],
): Promise<number> {
  const started = Date.now();
  for (let reported = started; ;) {
    const { rows } = await pool
      .query<{ done: number; last_ms: string | null }>(
        `select count(*)::int as done, extract(epoch from max(finished_at)) * 1000 as last_ms
           from dooki_watch.scans where outcome = 'baseline'`,
      )
      .catch(() => ({ rows: [{ done: 0, last_ms: null }] })); // tables not migrated yet
    const { done, last_ms: lastMs } = rows[0]!;
    if (done >= CLUSTER_COUNT) return Number(lastMs);
    if (Date.now() - reported > 30_000) {
      reported = Date.now();
      suite.log(`${workers.length} worker(s): ${done} of ${CLUSTER_COUNT} clusters baselined`);
    }
    if (Date.now() - started > FIRST_CYCLE_LIMIT_MS) throw new Error('the first cycle hangs');
    await runUntil(Date.now() + 1000, workers);
  }
}

async function measure(
  suite: BenchSuite,
  serverUrl: string,
  dir: string,
  workerCount: number,
): Promise<ScaleFigures> {
  const databaseUrl = await freshDatabase(serverUrl, `fleet_scale_${workerCount}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const specs = fleetSpecs();
  await using sim = await startFleetSimulator(specs);
  const stores = specs.map((spec) => ({ alias: spec.alias, credentials: spec.credentials! }));
  const config = writeFleetFile({ url: sim.url, stores }, dir, {
    interval: `${INTERVAL_MS / 1000}s`,
    clusters: CLUSTERS,
  });
  // Production heartbeat timing, not the tests' shortened one.
  const timing = { DOOKI_FLEET_HEARTBEAT_MS: '5000', DOOKI_FLEET_DEAD_AFTER_MS: '30000' };
  const started = Date.now();
  const workers = Array.from({ length: workerCount }, () =>
    startWorker(config, databaseUrl, timing, CONCURRENCY),
  );
  try {
    const lastBaselineMs = await firstCycle(suite, pool, workers);
    const firstCycleMs = lastBaselineMs - started;
    const rateWindows = () => sim.control<RateWindow[]>('rateWindows');
    const span: Span = {
      startMs: Math.max(lastBaselineMs, firstWindowsEnd(await rateWindows())),
      intervalMs: INTERVAL_MS,
      count: STEADY_INTERVALS,
    };
    suite.log(
      `${workerCount} worker(s): first cycle ${fmt(firstCycleMs / 1000, 1)} s; steady state from ` +
        `${fmt((span.startMs - started) / 1000, 1)} s for ${STEADY_INTERVALS} × ${INTERVAL_MS / 1000} s`,
    );
    await runUntil(span.startMs, workers);
    const cpuBefore = workers.map((worker) => cpuSeconds(worker.child.pid!));
    const measuredFrom = Date.now();
    await runUntil(span.startMs + STEADY_INTERVALS * INTERVAL_MS, workers);
    const cpu = workers.map((worker, i) => cpuSeconds(worker.child.pid!) - cpuBefore[i]!);
    const steadyMs = Date.now() - measuredFrom;
    const peakRssBytes = workers.map((worker) => peakRss(worker.child.pid!));
    await runUntil(Date.now() + SETTLE_MS, workers);
    const stats = await sim.stats();
    return {
      firstCycleMs,
      coverage: coverage(await completedScans(pool), CLUSTER_COUNT, span),
      windows: windowUse(await rateWindows(), span),
      refusedTotal: stats.refused,
      requestsTotal: stats.requests,
      cpuSeconds: cpu,
      steadyMs,
      peakRssBytes,
    };
  } finally {
    for (const worker of workers) await worker.stop();
    await pool.end();
    suite.log(`${workerCount} worker(s): run took ${fmt((Date.now() - started) / 1000)} s`);
  }
}

const cpuPerThousand = (figures: ScaleFigures): number =>
  figures.cpuSeconds.reduce((a, b) => a + b, 0) / (figures.coverage.customers / 1000);

/** The figures as soon as a worker count is done (the table comes at the end of the run). */
function logFigures(suite: BenchSuite, label: string, figures: ScaleFigures): void {
  const { coverage: cover, windows } = figures;
  suite.log(
    `${label}: ${cover.done} of ${cover.required} (cluster, interval) scanned, gap median ` +
      `${fmt(cover.medianGapMs / 1000, 1)} s, longest ${fmt(cover.longestGapMs / 1000, 1)} s; ` +
      `busiest window ${windows.maxRequests} of ${windows.limit}, ${figures.refusedTotal} × 429; ` +
      `${fmt(cpuPerThousand(figures), 3)} CPU s per 1,000 customers ` +
      `(${figures.cpuSeconds.map((s) => fmt(s, 1)).join(' + ')} CPU s in ${fmt(figures.steadyMs / 1000)} s); ` +
      `peak RSS ${figures.peakRssBytes.map((b) => fmt(b / MB)).join(' / ')} MB`,
  );
}

/** Rows every worker count gets: coverage, window use, 429s, peak RSS. */
function commonRows(bench: string, label: string, figures: ScaleFigures): BenchRow[] {
  const { coverage: cover, windows } = figures;
  return [
    {
      bench,
      contender: `${label}: ${fmt(cover.done)} (cluster, interval) scanned; gap between scans median ${fmt(cover.medianGapMs / 1000, 1)} s, longest ${fmt(cover.longestGapMs / 1000, 1)} s`,
      baseline: `${fmt(cover.required)} required: ${fmt(CLUSTER_COUNT)} clusters × ${STEADY_INTERVALS} intervals`,
      value: cover.done / cover.required,
      goal: { atLeast: 1 },
    },
    {
      bench,
      contender: `${label}: busiest of ${fmt(windows.windows)} steady windows, ${windows.maxRequests} requests`,
      baseline: `quota ${QUOTA.limit} per ${QUOTA.windowMs / 1000} s`,
      value: windows.maxRequests / windows.limit,
      goal: { atMost: 1 },
    },
    {
      bench,
      contender: `${label}: 429 answers (${windows.refused} in steady windows)`,
      baseline: `${fmt(figures.requestsTotal)} requests, whole run`,
      value: figures.refusedTotal,
      unit: '× 429',
      goal: { atMost: 0 },
    },
    {
      bench,
      contender: `${label}: peak RSS per worker`,
      baseline: figures.peakRssBytes.map((b) => `${fmt(b / MB)} MB`).join(', '),
      value: Math.max(...figures.peakRssBytes) / MB,
      unit: 'MB',
      goal: { atMost: 250 },
    },
  ];
}

export async function fleetScale(suite: BenchSuite, serverUrl: string, dir: string) {
  const bench = `fleet scale, ${fmt(STORES)} stores × ${CLUSTERS.length} × ${MEMBERS} @ ${QUOTA.limit}/min, every ${INTERVAL_MS / 1000} s`;
  const single = await measure(suite, serverUrl, dir, 1);
  logFigures(suite, '1 worker', single);
  const busiestCore = Math.max(...single.cpuSeconds) / (single.steadyMs / 1000);
  suite.add(...commonRows(bench, '1 worker', single), {
    bench,
    contender: `1 worker: ${fmt(cpuPerThousand(single), 3)} CPU s per 1,000 customers; share of a core`,
    baseline: `${fmt(single.cpuSeconds[0]!, 1)} CPU s in ${fmt(single.steadyMs / 1000)} s`,
    value: busiestCore,
    unit: 'x',
    goal: { atMost: 1 },
  });
  const three = await measure(suite, serverUrl, dir, 3);
  logFigures(suite, '3 workers', three);
  suite.add(...commonRows(bench, '3 workers', three), {
    bench,
    contender: `3 workers: ${fmt(cpuPerThousand(three), 3)} CPU s per 1,000 customers`,
    baseline: `1 worker, same run: ${fmt(cpuPerThousand(single), 3)} CPU s`,
    value: cpuPerThousand(three) / cpuPerThousand(single),
    goal: { atMost: 1.5 },
  });
}
