// The end-to-end suite: real n8n (installed once into a cache), the freshly built package,
// then vitest with vitest.e2e.config.mts. Exit code: vitest's, or 1 if setup failed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureN8n } from './n8n-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args, env = process.env) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;

try {
  const started = Date.now();
  const { bin } = ensureN8n();
  if (run(process.execPath, ['scripts/build.mjs']) !== 0) process.exit(1);
  // Installed at the workspace root, not in this package.
  const vitest =
    [
      join(root, 'node_modules', '.bin', 'vitest'),
      join(root, '..', '..', 'node_modules', '.bin', 'vitest'),
    ].find(existsSync) ?? 'vitest';
  const status = run(vitest, ['run', '-c', 'vitest.e2e.config.mts'], {
    ...process.env,
    N8N_E2E_BIN: bin,
  });
  console.log(`e2e: finished in ${Math.round((Date.now() - started) / 1000)} s`);
  process.exit(status);
} catch (error) {
  console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
