// Peak RSS of the real `dooki-csv` process (bin.js, a fresh process per run): a bigger cluster
// must not need more memory, nor a destination that reads slowly (backpressure reaches the scan).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import {
  fmt,
  median,
  runWithPeakRss,
  type BenchSuite,
  type MeasuredRun,
  type Simulator,
} from '@clusterstream/bench-kit';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const MB = 1_000_000;
const SLOW_ROWS = 100_000;
const SLOW_BYTES_PER_SECOND = 2_000_000;
const ROUNDS = 3;

/** Reads a stream at about `bytesPerSecond`, like a slow disk or network peer. */
const drainSlowly = (stream: Readable, bytesPerSecond: number): void => {
  stream.on('data', (chunk: Buffer) => {
    stream.pause();
    setTimeout(() => stream.resume(), (chunk.length / bytesPerSecond) * 1000);
  });
};

async function dookiCsv(
  sim: Simulator,
  args: string[],
  onStdout?: (stdout: Readable) => void,
): Promise<MeasuredRun> {
  const run = await runWithPeakRss(
    [join(packageDir, 'bin.js'), '--alias', sim.alias, '--base-url', sim.url, '--quiet', ...args],
    {
      cwd: packageDir,
      env: {
        PATH: process.env.PATH,
        DOOKI_USER_TOKEN: sim.credentials.userToken,
        DOOKI_USER_SECRET_KEY: sim.credentials.userSecretKey,
        DOOKI_CSV_RATE_LIMIT: 'off', // the simulator has no rate limit here
      },
      ...(onStdout === undefined ? {} : { onStdout }),
    },
  );
  if (run.code !== 0)
    throw new Error(`dooki-csv ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run;
}

export async function peakRss(
  suite: BenchSuite,
  sim: Simulator,
  dir: string,
  small: { id: number; size: number },
  large: { id: number; size: number },
): Promise<void> {
  const mb = (run: MeasuredRun): number => run.maxRssBytes / MB;
  // A peak depends on when the GC ran: the median of alternate runs, not one sample.
  const smallPeaks: number[] = [];
  const largePeaks: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const smallRun = await dookiCsv(sim, ['--cluster', `${small.id}`, '--out', join(dir, 's.csv')]);
    smallPeaks.push(mb(smallRun));
    const largeRun = await dookiCsv(sim, ['--cluster', `${large.id}`, '--out', join(dir, 'l.csv')]);
    largePeaks.push(mb(largeRun));
  }
  const smallMb = median(smallPeaks);
  const largeMb = median(largePeaks);
  const slowRun = await dookiCsv(
    sim,
    ['--cluster', String(large.id), '--out', '-', '--limit', String(SLOW_ROWS)],
    (stdout) => drainSlowly(stdout, SLOW_BYTES_PER_SECOND),
  );
  const k = (size: number): string => `${fmt(size / 1000)}k`;
  const bench = `dooki-csv peak RSS (fresh process per run, median of ${ROUNDS})`;
  suite.add(
    {
      bench,
      contender: `${k(large.size)} rows: ${fmt(largeMb)} MB`,
      baseline: '-',
      value: largeMb,
      unit: 'MB',
      goal: { atMost: 150 },
    },
    {
      bench,
      contender: `${k(large.size)} rows: ${fmt(largeMb)} MB`,
      baseline: `${k(small.size)} rows: ${fmt(smallMb)} MB`,
      value: largeMb / smallMb,
      goal: { atMost: 1.2 },
    },
    {
      bench,
      contender: `${k(SLOW_ROWS)} rows to a ${SLOW_BYTES_PER_SECOND / MB} MB/s reader: ${fmt(mb(slowRun))} MB`,
      baseline: `${k(small.size)} rows to a file: ${fmt(smallMb)} MB`,
      value: mb(slowRun) / smallMb,
      goal: { atMost: 1.2 },
    },
  );
}
