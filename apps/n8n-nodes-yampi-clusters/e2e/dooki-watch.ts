// Runs the real `dooki-watch` CLI (apps/segment-watcher/bin.js, built) as its own process, the
// way a user connects it to n8n: `--webhook <n8n production URL>` with the secret in
// DOOKI_WATCH_WEBHOOK_SECRET.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const WATCHER_DIR = join(REPO_ROOT, 'apps', 'segment-watcher');

export interface WatchRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The watcher and the core it imports must be built (`npx turbo run build`). */
export function requireWatcherBuild(): void {
  for (const file of [
    join(WATCHER_DIR, 'dist', 'cli.js'),
    join(REPO_ROOT, 'packages', 'core', 'dist', 'webhooks', 'index.js'),
  ]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx turbo run build\` first`);
  }
}

export function runDookiWatch(args: string[], env: Record<string, string>): Promise<WatchRun> {
  const child = spawn(process.execPath, ['bin.js', ...args], {
    cwd: WATCHER_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
