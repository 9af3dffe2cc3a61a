// The end-to-end suite over the compatibility matrix (N8N_ROWS in n8n-install.mjs): build and
// pack the package once, then for each row install its n8n (and Node) once into the cache and
// run vitest (vitest.e2e.config.mts) with that n8n. The installs run in a child process, in row
// order, so later rows install while earlier rows run their tests. Each row writes its own
// test-results.e2e.<row>.json, which scripts/test-all.mjs adds up. A row whose install fails
// gets a report with one failed test, so the total shows it.
//   node scripts/e2e.mjs [row id ...] [-- vitest filters]
//   e.g. node scripts/e2e.mjs n8n-2.41 -- port-race     (one row, the files matching port-race)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureN8n, N8N_ROWS } from './n8n-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(root, '..', '..');
const run = (command, args, options = {}) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options }).status ?? 1;
const seconds = (since) => Math.round((Date.now() - since) / 1000);

const dashes = process.argv.indexOf('--');
const wanted = process.argv.slice(2, dashes === -1 ? undefined : dashes);
const vitestFilters = dashes === -1 ? [] : process.argv.slice(dashes + 1);
const rows = wanted.length ? N8N_ROWS.filter((row) => wanted.includes(row.id)) : N8N_ROWS;
if (rows.length === 0) {
  console.error(`e2e: no such row; rows: ${N8N_ROWS.map((row) => row.id).join(', ')}`);
  process.exit(1);
}

function failedRowReport(row, message) {
  writeFileSync(
    join(root, `test-results.e2e.${row.id}.json`),
    JSON.stringify({
      numPassedTests: 0,
      // Counted as one failure by scripts/test-reports.mjs: a file that failed without tests.
      numFailedTests: 0,
      numPendingTests: 0,
      numTodoTests: 0,
      numFailedTestSuites: 1,
      testResults: [{ name: `e2e row ${row.id}`, status: 'failed', message }],
    }),
  );
}

const installer = spawn(
  process.execPath,
  [join(root, 'scripts', 'n8n-install.mjs'), ...rows.map((row) => row.id)],
  { cwd: root, stdio: 'inherit' },
);
const installerDone = new Promise((resolve) => installer.once('exit', resolve));
const packDir = mkdtempSync(join(tmpdir(), 'n8n-e2e-pack-'));
const summary = [];
let status = 0;
try {
  const started = Date.now();
  if (run(process.execPath, ['scripts/build.mjs']) !== 0) throw new Error('build failed');
  // pnpm pack, as publishing does: `workspace:*` becomes the real version in the manifest.
  const packed = run(
    'sh',
    ['scripts/pnpm.sh', '--dir', root, 'pack', '--pack-destination', packDir],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const tarball = readdirSync(packDir).find((name) => name.endsWith('.tgz'));
  if (packed !== 0 || !tarball) throw new Error('pnpm pack failed');
  // Installed at the workspace root, not in this package.
  const vitest =
    [
      join(root, 'node_modules', '.bin', 'vitest'),
      join(repoRoot, 'node_modules', '.bin', 'vitest'),
    ].find(existsSync) ?? 'vitest';

  for (const row of rows) {
    const label = `n8n ${row.n8n} (${row.id})`;
    let host;
    const waitStarted = Date.now();
    try {
      // Waits while the installer holds this row's lock, then finds it in the cache.
      host = ensureN8n(row);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`e2e: ${label} could not be installed: ${message}`);
      failedRowReport(row, message);
      summary.push(`${label}: install failed`);
      status = 1;
      continue;
    }
    const waited = seconds(waitStarted);
    const nodeVersion = spawnSync(host.node, ['-p', 'process.versions.node'], {
      encoding: 'utf8',
    }).stdout.trim();
    console.log(`\ne2e: ${label} on Node ${nodeVersion} (waited ${waited} s for its install)`);
    const rowStarted = Date.now();
    const rowStatus = run(
      vitest,
      [
        'run',
        '-c',
        'vitest.e2e.config.mts',
        `--outputFile.json=./test-results.e2e.${row.id}.json`,
        ...vitestFilters,
      ],
      {
        env: {
          ...process.env,
          N8N_E2E_BIN: host.bin,
          N8N_E2E_NODE: host.node,
          N8N_E2E_N8N_VERSION: row.n8n,
          N8N_E2E_NODE_VERSION: nodeVersion,
          N8N_E2E_TRIGGER: row.trigger ? '1' : '0',
          N8N_E2E_CUSTOM: row.custom ? '1' : '0',
          N8N_E2E_TARBALL: join(packDir, tarball),
        },
      },
    );
    if (rowStatus !== 0) status = 1;
    summary.push(
      `${label} on Node ${nodeVersion}: ${rowStatus === 0 ? 'passed' : 'FAILED'} ` +
        `(waited ${waited} s for the install, tests ${seconds(rowStarted)} s)`,
    );
  }
  console.log(`\ne2e matrix:\n  ${summary.join('\n  ')}\ne2e: finished in ${seconds(started)} s`);
} catch (error) {
  console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
  status = 1;
} finally {
  rmSync(packDir, { recursive: true, force: true });
  if (installer.exitCode === null) installer.kill('SIGTERM');
  await installerDone;
}
process.exit(status);
