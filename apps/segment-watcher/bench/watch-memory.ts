// Peak RSS of a dooki-watch cycle over a large cluster (the first cycle, which stores every
// member, then one after 1% churn), each in a fresh process, next to core's scan alone.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compact,
  fmt,
  runWithPeakRss,
  type BenchSuite,
  type Simulator,
} from '@clusterstream/bench-kit';

const here = fileURLToPath(new URL('.', import.meta.url));
const MB = 1_000_000;

interface PhaseReport {
  phase: string;
  pages: number;
  requests: number;
  outcome?: string;
  error?: string;
}

async function phase(sim: Simulator, name: string, statePath: string) {
  const run = await runWithPeakRss([join(here, 'watch-phase.mjs'), name, sim.url, statePath], {
    env: {
      ...process.env,
      DOOKI_USER_TOKEN: sim.credentials.userToken,
      DOOKI_USER_SECRET_KEY: sim.credentials.userSecretKey,
    },
  });
  if (run.code !== 0) throw new Error(`phase ${name} exited ${run.code}: ${run.stderr}`);
  const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as PhaseReport;
  if (report.error !== undefined) throw new Error(`phase ${name}: ${report.error}`);
  if (report.requests !== report.pages) {
    throw new Error(`phase ${name}: ${report.requests} requests for ${report.pages} pages`);
  }
  return { ...report, rssMb: run.maxRssBytes / MB, wallMs: run.wallMs };
}

export async function watchMemory(
  suite: BenchSuite,
  sim: Simulator,
  dir: string,
  size: number,
): Promise<void> {
  const statePath = join(dir, 'state.db');
  const scan = await phase(sim, 'scan', statePath);
  suite.log(`core scan alone: ${fmt(scan.rssMb)} MB, ${fmt(scan.wallMs / 1000, 1)} s`);
  const first = await phase(sim, 'baseline', statePath);
  suite.log(`first cycle: ${fmt(first.rssMb)} MB, ${fmt(first.wallMs / 1000, 1)} s`);
  await sim.control('churn', 1, { joinPercent: 1, leavePercent: 1 });
  const churned = await phase(sim, 'churn', statePath);
  const bench = `dooki-watch peak RSS, ${compact(size)} members (fresh process per cycle)`;
  const baseline = `core scan alone: ${fmt(scan.rssMb)} MB`;
  for (const [label, result] of [
    ['first cycle (stores every member)', first],
    ['cycle after 1% churn', churned],
  ] as const) {
    suite.add({
      bench,
      contender: `${label}: ${fmt(result.rssMb / scan.rssMb, 2)}x the scan, ${result.outcome}`,
      baseline,
      value: result.rssMb,
      unit: 'MB',
      goal: { atMost: 250 },
    });
  }
}
