import { spawn, spawnSync } from 'node:child_process';

/**
 * `promtool` from PATH (Debian's `prometheus` package, which CI installs), or null when it is
 * missing here. On CI (`CI=true`) a missing promtool is an error, never a skipped test.
 */
export function findPromtool(): string | null {
  const found = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (found.status === 0) return 'promtool';
  if (process.env.CI === 'true')
    throw new Error('promtool is not on PATH: CI installs Debian’s prometheus package for it');
  return null;
}

export interface PromtoolRun {
  code: number | null;
  /** stdout and stderr together, as an operator would read them. */
  output: string;
}

/** Runs promtool with `args`, `stdin` piped in; resolves with its exit code and output. */
export function promtool(args: readonly string[], stdin = ''): Promise<PromtoolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
    child.stdin.end(stdin);
  });
}
