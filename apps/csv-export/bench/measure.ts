// Helpers of the benchmark: the simulator in its own process, and a measured run of the real CLI.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const packageDir = here('..');

export interface MockProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts the simulator (no latency, no rate limit) in a child process, away from the measured one. */
export const startMockProcess = async (
  clusters: Array<{ id: number; size: number }>,
): Promise<MockProcess> => {
  // execArgv: [] keeps the ts-node loader out of the simulator, which runs its plain JS build.
  const child = fork(here('./mock-server.mjs'), [JSON.stringify(clusters)], {
    execArgv: [],
    stdio: 'inherit',
  });
  const [message] = (await once(child, 'message')) as [{ url: string }];
  return {
    url: message.url,
    stop: async () => {
      child.disconnect();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
};

export interface MemorySample {
  ms: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
}

export interface CliRun {
  code: number | null;
  wallMs: number;
  maxRssBytes: number;
  samples: MemorySample[];
  stderr: string;
}

export const CREDENTIALS_ENV = {
  DOOKI_USER_TOKEN: 'mock-user-token',
  DOOKI_USER_SECRET_KEY: 'mock-user-secret-key',
  // No client-side pacing: the simulator has no rate limit in the benchmark.
  DOOKI_RATE_LIMIT: 'off',
};

/**
 * Runs `node bin.js <args>` with the peak-RSS probe preloaded. `onStdout`
 * receives the CLI's stdout (for `--out -` runs), which it may consume slowly.
 */
export const runCli = async (
  args: string[],
  onStdout?: (stdout: Readable) => void,
): Promise<CliRun> => {
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', here('./peak-rss.mjs'), here('../bin.js'), ...args],
    {
      cwd: packageDir,
      env: { PATH: process.env.PATH, ...CREDENTIALS_ENV },
      stdio: ['ignore', onStdout === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let report = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  (child.stdio[3] as Readable).setEncoding('utf8').on('data', (chunk: string) => (report += chunk));
  if (onStdout !== undefined) onStdout(child.stdout!);
  const [code] = (await once(child, 'close')) as [number | null];
  const wallMs = performance.now() - started;
  const parsed = JSON.parse(report) as { maxRssBytes: number; samples: MemorySample[] };
  return { code, wallMs, stderr, ...parsed };
};

/** Reads a stream at about `bytesPerSecond`, like a slow disk or network peer. */
export const drainSlowly = (stream: Readable, bytesPerSecond: number): void => {
  stream.on('data', (chunk: Buffer) => {
    stream.pause();
    setTimeout(() => stream.resume(), (chunk.length / bytesPerSecond) * 1000);
  });
};
