// Bench 2: wall time of a scan on a rate-limited simulator, as a ratio to the least time the
// simulator's quota allows. The client is left on its default quota assumption (60 requests a
// minute, Yampi's documented limit): that is what users get.
//
// The simulator counts a fixed window per route and credential, opened by the first request
// after the previous one expired. N pages at `limit` per window therefore need
// ceil(N / limit) windows, and the last one can open no sooner than (ceil(N / limit) - 1)
// windows after the first request: that is the minimum (the transfer time of the pages is left
// out, so a perfect client still scores slightly above 1).
//
// The window cannot be shortened for this bench: the client assumes 60 s (the API never sends
// the window length), so a simulator with a short window would measure a mismatch, not the
// defaults. The scans therefore last about a minute and all run at once, each against its own
// simulator (each has its own quota, and its own limiter in the client).
import { fmt, startSimulator, type BenchRow, type BenchSuite } from '@clusterstream/bench-kit';
import type { RateLimitConfig } from '../src/index.js';
import { benchClient, coreScan } from './scans.js';

interface Scenario {
  label: string;
  pages: number;
  quota: { limit: number; windowMs: number; headers: boolean };
  /** The client's quota assumption; undefined = the default. */
  client?: RateLimitConfig;
}

const YAMPI = { limit: 60, windowMs: 60_000 };
const SCENARIOS: Scenario[] = [
  { label: 'default quota, rate headers', pages: 100, quota: { ...YAMPI, headers: true } },
  { label: 'default quota, no rate headers', pages: 100, quota: { ...YAMPI, headers: false } },
  // 55 to 60 pages in the last window: the client's end-of-window pacing shows.
  { label: 'default quota, rate headers', pages: 120, quota: { ...YAMPI, headers: true } },
  { label: 'default quota, no rate headers', pages: 120, quota: { ...YAMPI, headers: false } },
  {
    label: 'configured 20 req/s (client told)',
    pages: 300,
    quota: { limit: 20, windowMs: 1_000, headers: true },
    client: { limit: 20, windowMs: 1_000 },
  },
];

async function paced(scenario: Scenario): Promise<BenchRow> {
  const { pages, quota } = scenario;
  await using sim = await startSimulator({
    clusters: [{ id: 1, size: pages * 100 }],
    latencyMs: 0,
    rateLimit: { ...quota, retryAfter: true },
  });
  const client = benchClient(
    sim,
    scenario.client === undefined ? {} : { rateLimit: scenario.client },
  );
  const started = performance.now();
  const items = await coreScan(client, 1, { prefetch: 1 });
  const wallMs = performance.now() - started;
  const { refused } = await sim.stats();
  if (items !== pages * 100)
    throw new Error(`${scenario.label}: ${items} of ${pages * 100} customers`);
  const minimumMs = (Math.ceil(pages / quota.limit) - 1) * quota.windowMs;
  return {
    bench: `pacing: ${pages} pages at ${quota.limit}/${quota.windowMs / 1000} s, ${scenario.label}`,
    contender: `core: ${fmt(wallMs / 1000, 1)} s, ${refused} x 429`,
    baseline: `quota minimum ${fmt(minimumMs / 1000, 1)} s, 0 x 429`,
    value: wallMs / minimumMs,
    goal: { atMost: 1.05 },
    // Any 429 misses the goal whatever the time.
    ...(refused > 0 ? { verdict: 'MISS' as const } : {}),
  };
}

export async function pacing(suite: BenchSuite): Promise<void> {
  // The minute-long scans share the time; a 1 s window is too short to share the CPU with them.
  const minuteLong = SCENARIOS.filter((scenario) => scenario.quota.windowMs >= 60_000);
  suite.log(`pacing: ${minuteLong.length} scans at once (about 70 s), then the rest one by one`);
  suite.add(...(await Promise.all(minuteLong.map(paced))));
  for (const scenario of SCENARIOS.filter((s) => !minuteLong.includes(s))) {
    suite.add(await paced(scenario));
  }
}
