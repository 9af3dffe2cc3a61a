// Installs the packed package into `<nodesFolder>` exactly the way n8n's community-package
// installer does (n8n/dist/modules/community-packages/community-packages.service.js, the same in
// 1.123, 2.8 and 2.41): extract the tarball into `node_modules/<name>`, drop its dev, peer and
// optional dependencies from package.json, `npm install` inside it with n8n's flags, then
// record it in `<nodesFolder>/package.json`. Dropping the peers is what keeps the host's own
// `n8n-workflow` the only one.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** n8n's NPM_COMMON_ARGS + NPM_INSTALL_ARGS (its `--registry` is not needed offline). */
export const N8N_NPM_INSTALL_ARGS = [
  '--audit=false',
  '--fund=false',
  '--bin-links=false',
  '--install-strategy=shallow',
  '--ignore-scripts=true',
  '--package-lock=false',
];

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: unknown;
  peerDependencies?: unknown;
  optionalDependencies?: unknown;
}

/**
 * What the README tells self-hosters to run in `~/.n8n/nodes`: a plain `npm install`. The
 * `n8n-workflow` peer is optional, so npm must not install it (a newest n8n-workflow needs
 * Node 24 for its isolated-vm, and would shadow the host's). `--offline` keeps the test off the
 * network; a required peer would then fail to install or land next to the package, and the
 * test checks that neither happens.
 */
export async function installByHand(nodesFolder: string, tarball: string): Promise<void> {
  mkdirSync(nodesFolder, { recursive: true });
  await exec('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
    cwd: nodesFolder,
  });
}

/** Returns the manifest as installed (what n8n's loader reads). */
export async function installLikeN8n(nodesFolder: string, tarball: string): Promise<Manifest> {
  mkdirSync(nodesFolder, { recursive: true });
  const nodesManifest = join(nodesFolder, 'package.json');
  if (!existsSync(nodesManifest)) {
    const initial = { name: 'installed-nodes', private: true, dependencies: {} };
    writeFileSync(nodesManifest, JSON.stringify(initial, null, 2));
  }
  const { stdout } = await exec('tar', ['-xzOf', tarball, 'package/package.json']);
  const { name } = JSON.parse(stdout) as Manifest;
  const packageFolder = join(nodesFolder, 'node_modules', name);
  mkdirSync(packageFolder, { recursive: true });
  await exec('tar', ['-xzf', tarball, '-C', packageFolder, '--strip-components=1']);

  const manifestFile = join(packageFolder, 'package.json');
  const {
    devDependencies: _dev,
    peerDependencies: _peer,
    optionalDependencies: _optional,
    ...manifest
  } = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  // --offline on top of n8n's flags: the package has no dependencies, so npm has nothing to
  // fetch; if a runtime dependency ever slipped in, this fails instead of downloading it.
  await exec('npm', ['install', ...N8N_NPM_INSTALL_ARGS, '--offline'], { cwd: packageFolder });

  const nodes = JSON.parse(readFileSync(nodesManifest, 'utf8')) as Manifest;
  nodes.dependencies = { ...nodes.dependencies, [name]: manifest.version };
  writeFileSync(nodesManifest, JSON.stringify(nodes, null, 2));
  return manifest;
}
