import { DEFAULT_CREDENTIALS } from '@clusterstream/dooki-mock';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/run-cli.js';

/** A Writable that keeps what was written. */
export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
  lines(): unknown[] {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as unknown);
  }
}

export const CREDENTIAL_ENV = {
  DOOKI_USER_TOKEN: DEFAULT_CREDENTIALS.userToken,
  DOOKI_USER_SECRET_KEY: DEFAULT_CREDENTIALS.userSecretKey,
};

/** Flags that keep CLI runs against the simulator fast. */
export const FAST_FLAGS = [
  '--rate-limit',
  'off',
  '--retries',
  '1',
  '--retry-delay',
  '5',
  '--request-timeout',
  '2000',
];

/** `--alias … --cluster <id> --state <file> --base-url <url>` plus the fast flags. */
export function watchArgs(baseUrl: string, state: string, cluster = '1'): string[] {
  return [
    '--alias',
    'demo-store',
    '--cluster',
    cluster,
    '--state',
    state,
    '--base-url',
    baseUrl,
    ...FAST_FLAGS,
  ];
}

/** Runs the CLI in-process and returns its exit code and output. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = CREDENTIAL_ENV) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, { stdout, stderr, env, signal: new AbortController().signal });
  return { code, stdout, stderr };
}

/** This package's folder (where `bin.js` lives). */
export const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** Tests that spawn `bin.js` run the built CLI: fail with a hint when it (or core) is missing. */
export function requireBuild(): void {
  for (const file of ['dist/cli.js', '../../packages/core/dist/index.js']) {
    if (!existsSync(join(packageDir, file))) {
      throw new Error(
        `${file} is missing: build first (npx tsc -p tsconfig.build.json in that package)`,
      );
    }
  }
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `dooki-watch` as its own process: `exited` resolves with its exit and output,
 * `stderrMatch` once its stderr so far matches (rejecting if it exits first).
 */
export function spawnCli(
  argv: string[],
  env: NodeJS.ProcessEnv = CREDENTIAL_ENV,
  nodeOptions: string[] = [],
): {
  child: ChildProcess;
  exited: Promise<CliRun>;
  stderrMatch: (pattern: RegExp) => Promise<void>;
} {
  const child = spawn(process.execPath, [...nodeOptions, 'bin.js', ...argv], {
    cwd: packageDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<CliRun>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  const stderrMatch = (pattern: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!pattern.test(stderr)) return;
        child.stderr.off('data', check);
        resolve();
      };
      child.stderr.on('data', check);
      check();
      void exited.then((run) => reject(new Error(`exited ${run.code} first: ${run.stderr}`)));
    });
  return { child, exited, stderrMatch };
}
