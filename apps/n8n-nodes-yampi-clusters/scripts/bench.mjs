// `pnpm bench`: installs n8n once per row (cache), builds and packs the package, bundles
// bench/run.ts with the simulator read from its TypeScript source, and runs it in each row's
// n8n with the tarball installed as n8n's installer does. Prints one table per row.
// Rows: `node scripts/bench.mjs [row id ...]`, default n8n 2.8.x (Node 20) and 2.41.x (Node 24).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ensureN8n, N8N_ROWS } from './n8n-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'yampi-bench-'));
const wanted = process.argv.slice(2);
const rows = N8N_ROWS.filter((row) =>
  wanted.length > 0 ? wanted.includes(row.id) : ['n8n-2.8', 'n8n-2.41'].includes(row.id),
);
let status = 1;
try {
  if (
    spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0
  ) {
    throw new Error('build failed');
  }
  const packed = spawnSync(
    'sh',
    ['scripts/pnpm.sh', '--dir', root, 'pack', '--pack-destination', work],
    {
      cwd: join(root, '..', '..'),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  ).status;
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (packed !== 0 || tarball === undefined) throw new Error('pnpm pack failed');
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
  status = 0;
  for (const row of rows) {
    const { bin, node } = ensureN8n(row);
    console.log(`\nbench: n8n ${row.n8n} (${row.id})`);
    const code =
      spawnSync(process.execPath, [bundle], {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...process.env,
          N8N_E2E_BIN: bin,
          N8N_E2E_NODE: node,
          N8N_E2E_N8N_VERSION: row.n8n,
          N8N_E2E_NODE_VERSION: spawnSync(node, ['-p', 'process.versions.node'], {
            encoding: 'utf8',
          }).stdout.trim(),
          N8N_E2E_PACKAGE_ROOT: root,
          N8N_E2E_TARBALL: join(work, tarball),
        },
      }).status ?? 1;
    if (code !== 0) status = code;
  }
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(status);
