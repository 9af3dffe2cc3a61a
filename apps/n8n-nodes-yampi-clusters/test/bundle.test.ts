import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { MockApi } from '@clusterstream/dooki-mock';
import { contextFor, fromList, startTestApi } from './fixtures';
import { scanPackage, type ScanReport } from './scanner';

const root = join(import.meta.dirname, '..');
const repoRoot = join(root, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies?: object;
  n8n: { credentials: string[]; nodes: string[] };
};
const bundles = [...manifest.n8n.credentials, ...manifest.n8n.nodes];
const load = createRequire(join(root, 'package.json'));
let api: MockApi;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('the built package', () => {
  it('has no runtime dependencies', () => {
    expect(manifest.dependencies).toBeUndefined();
  });

  it.each(bundles)('%s requires only n8n-workflow and Node built-ins', (bundle) => {
    const code = readFileSync(join(root, bundle), 'utf8');
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]!);
    const external = required.filter(
      (name) => name !== 'n8n-workflow' && !builtinModules.includes(name.replace(/^node:/, '')),
    );
    expect(external).toEqual([]);
  });

  it('ships the icons and codex files the descriptions point to', () => {
    for (const file of [
      'dist/icons/yampi.svg',
      'dist/icons/yampi.dark.svg',
      'dist/nodes/Yampi/Yampi.node.json',
      'dist/nodes/YampiClusterTrigger/YampiClusterTrigger.node.json',
    ]) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
  });

  it('the bundled Yampi node runs against the simulator with core and rxjs inlined', async () => {
    const { Yampi } = load('./dist/nodes/Yampi/Yampi.node.js') as {
      Yampi: new () => { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };
    };
    const context = contextFor(api, {
      parameters: {
        resource: 'clusterCustomer',
        operation: 'getAll',
        clusterId: fromList(2),
        returnAll: true,
        options: {},
      },
    });
    const [items] = await new Yampi().execute.call(context.execute);
    expect(items!.map((item) => item.json.id)).toEqual(api.control.members(2));
  });
});

/**
 * The tarball as CI builds and publishes it: `pnpm pack` (which turns `workspace:` and
 * `catalog:` ranges into real versions), extracted the way the scanner extracts it.
 */
describe('the packed tarball', () => {
  let packDir: string;
  let packageDir: string;
  let packed: { peerDependencies?: Record<string, string> } & Record<string, unknown>;

  beforeAll(() => {
    packDir = mkdtempSync(join(tmpdir(), 'yampi-pack-'));
    execFileSync(
      'sh',
      [
        'scripts/pnpm.sh',
        '--filter',
        'n8n-nodes-yampi-clusters',
        'pack',
        '--pack-destination',
        packDir,
      ],
      { cwd: repoRoot, stdio: 'pipe' },
    );
    const tarball = readdirSync(packDir).find((file) => file.endsWith('.tgz'))!;
    execFileSync('tar', ['-xzf', tarball], { cwd: packDir });
    packageDir = join(packDir, 'package');
    packed = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as typeof packed;
  }, 60_000);
  afterAll(() => {
    rmSync(packDir, { recursive: true, force: true });
  });

  it('has a manifest with real versions: no workspace: or catalog: range', () => {
    const manifest = readFileSync(join(packageDir, 'package.json'), 'utf8');
    expect(manifest).not.toMatch(/"(workspace|catalog):/);
  });

  it('carries the MIT LICENSE, the same as the repository root', () => {
    expect(packed.license).toBe('MIT');
    expect(readFileSync(join(packageDir, 'LICENSE'), 'utf8')).toBe(
      readFileSync(join(repoRoot, 'LICENSE'), 'utf8'),
    );
  });

  it('declares n8n-workflow an optional peer, so npm does not install a host of its own', () => {
    expect(packed.peerDependencies).toEqual({ 'n8n-workflow': '*' });
    expect(packed.peerDependenciesMeta).toEqual({ 'n8n-workflow': { optional: true } });
  });

  it("passes n8n's community-package scanner with no error and no warning", async () => {
    const report: ScanReport = await scanPackage(packageDir);
    expect(report.problems).toEqual([]);
    expect(report.verdict).toEqual({ passed: true });
    expect([report.errors, report.warnings]).toEqual([0, 0]);
  }, 60_000);
});
