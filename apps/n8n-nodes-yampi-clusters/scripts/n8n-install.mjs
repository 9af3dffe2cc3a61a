// Installs the real n8n used by the end-to-end test and the benchmark, once, into a cache
// outside the repository. n8n 2.8.x is the newest line that runs on Node 20. Its `xlsx`
// dependency points outside the npm registry, hence the override.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const N8N_VERSION = '2.8.4';

/** `${XDG_CACHE_HOME:-~/.cache}/clusterstream/n8n-<version>` */
export function n8nHome() {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'clusterstream', `n8n-${N8N_VERSION}`);
}

export function n8nBin(home = n8nHome()) {
  return join(home, 'node_modules', '.bin', 'n8n');
}

/**
 * Returns the n8n executable, installing n8n first when the cache is missing or half-done.
 * The install goes to a temporary folder that is renamed only once npm succeeded.
 */
export function ensureN8n() {
  const home = n8nHome();
  if (existsSync(join(home, '.installed')) && existsSync(n8nBin(home))) {
    return { bin: n8nBin(home), installedNow: false, seconds: 0 };
  }
  const staging = `${home}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(
    join(staging, 'package.json'),
    JSON.stringify({
      name: 'clusterstream-n8n-host',
      private: true,
      dependencies: { n8n: N8N_VERSION },
      overrides: { xlsx: '0.18.5' },
    }),
  );
  console.log(`Installing n8n@${N8N_VERSION} into ${home} (one time, a few minutes)...`);
  const started = Date.now();
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: staging,
    stdio: 'inherit',
  });
  if (npm.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm install n8n@${N8N_VERSION} failed (exit ${npm.status})`);
  }
  writeFileSync(join(staging, '.installed'), new Date().toISOString());
  rmSync(home, { recursive: true, force: true });
  renameSync(staging, home);
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`n8n@${N8N_VERSION} installed in ${seconds} s`);
  return { bin: n8nBin(home), installedNow: true, seconds };
}
