import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

const BIN_OVERRIDES: Record<string, string> = {
  '@clusterstream/csv-export': 'HOSTILE_MATRIX_CSV_BIN',
  '@clusterstream/segment-watcher': 'HOSTILE_MATRIX_WATCH_BIN',
};

/**
 * `bin.js` of a workspace CLI package, checked to have been built. `HOSTILE_MATRIX_CSV_BIN` /
 * `HOSTILE_MATRIX_WATCH_BIN` point a column at another build (e.g. one made before a fix).
 */
export function builtBin(packageName: string): string {
  const override = process.env[BIN_OVERRIDES[packageName] ?? ''];
  if (override !== undefined && override !== '') return override;
  const dir = dirname(require.resolve(`${packageName}/package.json`));
  if (!existsSync(join(dir, 'dist', 'cli.js'))) {
    throw new Error(
      `${packageName} is not built: run sh scripts/pnpm.sh turbo run build --filter=@clusterstream/hostile-matrix...`,
    );
  }
  return join(dir, 'bin.js');
}

export interface ProcessResult {
  /** Exit code, or null when killed. */
  exit: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <bin> ...args` with only PATH and `env`; SIGKILL when `stop` aborts. */
export async function runBin(
  bin: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  stop: AbortSignal,
): Promise<ProcessResult> {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const kill = (): void => {
    child.kill('SIGKILL');
  };
  if (stop.aborted) kill();
  stop.addEventListener('abort', kill, { once: true });
  try {
    const [code] = (await once(child, 'close')) as [number | null];
    return { exit: code, stdout, stderr };
  } finally {
    stop.removeEventListener('abort', kill);
  }
}
