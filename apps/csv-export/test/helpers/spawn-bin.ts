import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(packageDir, '../../node_modules/.bin/tsc');

const newestMtime = (dir: string): number =>
  Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory()
        ? newestMtime(join(dir, entry.name))
        : statSync(join(dir, entry.name)).mtimeMs,
    ),
  );

const buildIfStale = (dir: string, entry: string): void => {
  const output = join(dir, entry);
  if (existsSync(output) && statSync(output).mtimeMs >= newestMtime(join(dir, 'src'))) return;
  execFileSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
};

/**
 * Makes sure `node bin.js` can run: the CLI and core compiled to dist (the
 * turbo `test` task builds them first; this covers running vitest alone).
 */
export const ensureBuilt = (): void => {
  buildIfStale(join(packageDir, '../../packages/core'), 'dist/index.js');
  buildIfStale(packageDir, 'dist/cli.js');
};

export type BinProcess = ChildProcessByStdio<null, Readable, Readable> & {
  stderrText: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** Starts the real `dooki-csv` (`node bin.js`) with piped stdout and stderr. */
export const spawnBin = (args: string[], env: NodeJS.ProcessEnv): BinProcess => {
  const child = spawn(process.execPath, [join(packageDir, 'bin.js'), ...args], {
    cwd: packageDir,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return Object.assign(child, { stderrText: () => stderr, exited });
};
