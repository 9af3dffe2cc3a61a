import { loadAverage, machineLine } from './machine.js';
import { renderTable, type BenchRow } from './table.js';
import { isFailing, judge, type Verdict } from './verdict.js';

/** What a bench body gets: somewhere to put rows, and sections that fail alone. */
export interface BenchSuite {
  /** Adds rows to the table; each is judged against its goal when the table is printed. */
  add(...rows: BenchRow[]): void;
  /**
   * Runs one bench. If it throws, an ERROR row names it (the run will fail) and the next
   * sections still run. `BENCH_ONLY=<part of a name>[,...]` runs only matching sections.
   */
  section(name: string, run: () => Promise<void>): Promise<void>;
  /** Progress for the reader (stderr, so stdout stays the table). */
  log(message: string): void;
}

export interface RunBenchOptions {
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/** `--no-fail` or `BENCH_NO_FAIL=1`: print verdicts but exit 0 (for exploring, never for CI). */
export const failuresAreFatal = (argv: readonly string[], env: NodeJS.ProcessEnv): boolean =>
  !argv.includes('--no-fail') && env.BENCH_NO_FAIL !== '1';

/**
 * The one way a bench runs: a header with the machine and its load, the body, then one table
 * (`bench | contender | baseline | ratio | goal | verdict`). Sets a non-zero exit code when any
 * goal is missed or a section threw, and returns that code.
 */
export async function runBench(
  title: string,
  body: (suite: BenchSuite) => Promise<void>,
  { argv = process.argv.slice(2), env = process.env }: RunBenchOptions = {},
): Promise<number> {
  const rows: BenchRow[] = [];
  const only = env.BENCH_ONLY?.split(',').filter((part) => part !== '');
  console.log(`\n## ${title}\n\n${machineLine()}\n`);
  const suite: BenchSuite = {
    add: (...added) => rows.push(...added),
    log: (message) => console.error(`  [${title}] ${message}`),
    section: async (name, run) => {
      if (only !== undefined && !only.some((part) => name.includes(part))) return;
      const started = performance.now();
      try {
        await run();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        rows.push({ bench: name, contender: `threw: ${message}`, baseline: '-', verdict: 'ERROR' });
        console.error(error);
      }
      suite.log(`${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
  };
  try {
    await body(suite);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    rows.push({ bench: title, contender: `threw: ${message}`, baseline: '-', verdict: 'ERROR' });
    console.error(error);
  }
  const verdicts: Verdict[] = rows.map((row) => row.verdict ?? judge(row.value, row.goal));
  const missed = verdicts.filter((v) => v === 'MISS' || v === 'ERROR').length;
  const goals = verdicts.filter((v) => v !== 'INFO').length;
  console.log(renderTable(rows));
  console.log(`\n${goals - missed}/${goals} goals met; load average at the end ${loadAverage()}`);
  const failing = isFailing(verdicts);
  const code = failing && failuresAreFatal(argv, env) ? 1 : 0;
  if (failing && code === 0) console.log('(exit code 0 only because of --no-fail / BENCH_NO_FAIL)');
  process.exitCode = code;
  return code;
}
