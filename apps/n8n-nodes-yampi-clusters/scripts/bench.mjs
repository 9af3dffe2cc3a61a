// `pnpm bench`: installs n8n once (cache), builds the package, bundles bench/run.ts with the
// simulator read from its TypeScript source, and runs it. Prints the benchmark table.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ensureN8n } from './n8n-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'yampi-bench-'));
let status = 1;
try {
  const { bin } = ensureN8n();
  if (
    spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0
  ) {
    throw new Error('build failed');
  }
  const bundle = join(work, 'bench.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['bench/run.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    conditions: ['@clusterstream/source'],
    logLevel: 'warning',
  });
  status =
    spawnSync(process.execPath, [bundle], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, N8N_E2E_BIN: bin, N8N_E2E_PACKAGE_ROOT: root },
    }).status ?? 1;
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(status);
