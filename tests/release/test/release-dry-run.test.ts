// The release, rehearsed on the Node this row runs: `changeset version` on a scratch copy of the
// checkout, then every public package packed as `pnpm publish` would pack it, checked by publint
// (and, for the libraries, arethetypeswrong), installed from its tarball into an empty project,
// imported, and each CLI run with --help.
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'clusterstream-release-'));

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  exports?: unknown;
  dependencies?: Record<string, string>;
}
const manifestOf = (folder: string) =>
  JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;

const { publicPackages } = (await import(
  pathToFileURL(join(root, 'scripts', 'check-repository.mjs')).href
)) as { publicPackages: (checkout?: string) => Array<{ folder: string; manifest: Manifest }> };
const { copyCheckout } = (await import(
  pathToFileURL(join(root, 'scripts', 'node-row.mjs')).href
)) as { copyCheckout: (to: string) => void };

const packages = publicPackages(root);
/** Libraries: packages that export typed entry points (all but the n8n node's bundle). */
const libraries = packages.filter(({ manifest }) => manifest.exports !== undefined);
const pnpm = (args: string[], cwd: string) =>
  run('sh', [join(root, 'scripts', 'pnpm.sh'), ...args], { cwd, maxBuffer: 64 << 20 });

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('changeset version on a scratch copy', () => {
  const copy = join(scratch, 'checkout');
  type Bump = 'major' | 'minor' | 'patch';
  const order: Bump[] = ['patch', 'minor', 'major'];
  /** package → the biggest bump and the summaries its pending changesets ask for. */
  const pending = new Map<string, { bump: Bump; summaries: string[] }>();

  beforeAll(async () => {
    const folder = join(root, '.changeset');
    for (const file of readdirSync(folder).filter((name) => /\.md$/.test(name))) {
      if (file === 'README.md') continue;
      const [, front = '', body = ''] =
        /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(readFileSync(join(folder, file), 'utf8')) ?? [];
      for (const [, name = '', bump] of front.matchAll(/^['"]?([^'":]+)['"]?:\s*(\w+)$/gm)) {
        const entry = pending.get(name) ?? { bump: 'patch' as Bump, summaries: [] };
        if (order.indexOf(bump as Bump) > order.indexOf(entry.bump)) entry.bump = bump as Bump;
        entry.summaries.push(body.trim().split('\n')[0]!);
        pending.set(name, entry);
      }
    }
    copyCheckout(copy);
    // The changelog generator is resolved from the copy; the checkout's install serves.
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    await run(
      process.execPath,
      [join(root, 'node_modules', '@changesets', 'cli', 'bin.js'), 'version'],
      {
        cwd: copy,
      },
    );
  });

  it('has changesets to release', () => {
    expect(pending.size).toBeGreaterThan(0);
  });

  it('bumps each package by the biggest bump its changesets ask for, and writes its changelog', () => {
    for (const [name, { bump, summaries }] of pending) {
      const found = packages.find(({ manifest }) => manifest.name === name);
      expect(found, `${name} is a public package`).toBeDefined();
      const folder = join(copy, found!.folder.slice(root.length));
      const [major = 0, minor = 0, patch = 0] = found!.manifest.version.split('.').map(Number);
      const expected = {
        major: `${major + 1}.0.0`,
        minor: `${major}.${minor + 1}.0`,
        patch: `${major}.${minor}.${patch + 1}`,
      }[bump];
      expect(manifestOf(folder).version, name).toBe(expected);
      const changelog = readFileSync(join(folder, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toContain(`## ${expected}`);
      for (const summary of summaries) expect(changelog).toContain(summary);
    }
  });

  it('consumes every changeset', () => {
    const left = readdirSync(join(copy, '.changeset')).filter(
      (name) => name.endsWith('.md') && name !== 'README.md',
    );
    expect(left).toEqual([]);
  });
});

describe(`every public package, packed and installed on Node ${process.versions.node}`, () => {
  const packs = join(scratch, 'packs');
  const tarballs = new Map<string, string>();

  beforeAll(async () => {
    for (const { folder, manifest } of packages) {
      const destination = join(packs, manifest.name.replace(/[@/]/g, '_'));
      await pnpm(['--dir', folder, 'pack', '--pack-destination', destination], root);
      const [tarball] = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
      tarballs.set(manifest.name, join(destination, tarball!));
    }
  });

  it.each(packages.map(({ manifest }) => manifest.name))('%s passes publint', async (name) => {
    const tarball = readFileSync(tarballs.get(name)!);
    const { messages, pkg } = await publint({
      pack: {
        tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.length),
      },
      strict: true,
    });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });

  it.each(libraries.map(({ manifest }) => manifest.name))(
    '%s: arethetypeswrong finds no problem for ESM consumers',
    async (name) => {
      const attw = join(
        root,
        'tests',
        'release',
        'node_modules',
        '@arethetypeswrong',
        'cli',
        'dist',
        'index.js',
      );
      const result = await run(
        process.execPath,
        [attw, tarballs.get(name)!, '--profile', 'esm-only', '--format', 'ascii'],
        {
          maxBuffer: 16 << 20,
        },
      ).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
      expect(result, result.stdout).toMatchObject({ code: 0 });
    },
  );

  describe('installed from the tarballs into an empty project', () => {
    const project = join(scratch, 'project');

    beforeAll(async () => {
      const rootManifest = manifestOf(root) as Manifest & { packageManager: string };
      // Each package's dependencies on the others resolve to their tarballs too, as they would
      // to the published versions.
      const overrides = Object.fromEntries(
        [...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]),
      );
      mkdirSync(project, { recursive: true });
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({
          name: 'clusterstream-release-check',
          private: true,
          type: 'module',
          packageManager: rootManifest.packageManager,
          dependencies: overrides,
        }),
      );
      const workspace = [
        'overrides:',
        ...Object.entries(overrides).map(([name, spec]) => `  '${name}': '${spec}'`),
        'onlyBuiltDependencies:',
        '  - better-sqlite3',
      ];
      writeFileSync(join(project, 'pnpm-workspace.yaml'), `${workspace.join('\n')}\n`);
      await pnpm(['install', '--prefer-offline'], project);
    });

    it.each(libraries.map(({ manifest }) => manifest.name))('%s imports', async (name) => {
      const { stdout } = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import('${name}'); console.log(Object.keys(m).length)`,
        ],
        { cwd: project },
      );
      expect(Number(stdout.trim())).toBeGreaterThan(0);
    });

    it('the n8n package loads its credential and nodes as n8n does (CommonJS require)', async () => {
      const n8nPackage = join(project, 'node_modules', 'n8n-nodes-yampi-clusters');
      const { n8n } = JSON.parse(readFileSync(join(n8nPackage, 'package.json'), 'utf8')) as {
        n8n: { credentials: string[]; nodes: string[] };
      };
      for (const file of [...n8n.credentials, ...n8n.nodes]) {
        const script = `const m = require(${JSON.stringify(join(n8nPackage, file))}); console.log(Object.keys(m).join())`;
        const { stdout } = await run(process.execPath, ['-e', script], { cwd: project });
        expect(stdout.trim(), file).not.toBe('');
      }
    });

    const clis = packages.flatMap(({ manifest }) =>
      Object.keys(manifest.bin ?? {}).map((bin) => ({ name: manifest.name, bin })),
    );
    it.each(clis)('$bin --help (from $name) prints its usage', async ({ name, bin }) => {
      const installed = join(project, 'node_modules', name);
      const entry = join(installed, manifestOf(installed).bin![bin]!);
      expect(existsSync(entry)).toBe(true);
      const { stdout } = await run(process.execPath, [entry, '--help'], { cwd: project });
      expect(stdout).toMatch(new RegExp(`\\b${bin}\\b`));
      expect(stdout.toLowerCase()).toContain('usage');
    });
  });
});
