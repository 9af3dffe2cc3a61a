import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';

const PROBE = fileURLToPath(new URL('./peak-rss-probe.mjs', import.meta.url));

export interface MemorySample {
  ms: number;
  rss: number;
  heapUsed: number;
}

export interface MeasuredRun {
  code: number | null;
  wallMs: number;
  /** The kernel's peak resident set size of the process (getrusage maxRSS). */
  maxRssBytes: number;
  /** RSS every 100 ms, to see growth over a run. */
  samples: MemorySample[];
  stdout: string;
  stderr: string;
}

export interface MeasuredRunOptions {
  cwd?: string;
  /** The child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Receives the child's stdout instead of it being collected (e.g. to drain it slowly). */
  onStdout?: (stdout: Readable) => void;
}

/**
 * Runs `node <args>` (plain JS, no TypeScript loader) with a probe preloaded that reports the
 * child's peak RSS: a fresh process per measurement, so the peak is that run's alone.
 */
export async function runWithPeakRss(
  args: readonly string[],
  { cwd, env = process.env, onStdout }: MeasuredRunOptions = {},
): Promise<MeasuredRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PROBE, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let report = '';
  if (onStdout === undefined)
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  else onStdout(child.stdout!);
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  (child.stdio[3] as Readable).setEncoding('utf8').on('data', (chunk: string) => (report += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  const wallMs = performance.now() - started;
  if (report === '') throw new Error(`no memory report from node ${args.join(' ')}: ${stderr}`);
  const parsed = JSON.parse(report) as { maxRssBytes: number; samples: MemorySample[] };
  return { code, wallMs, stdout, stderr, ...parsed };
}
