import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { MockApi } from '@clusterstream/dooki-mock';
import { contextFor, fromList, startTestApi } from './fixtures';

const root = join(import.meta.dirname, '..');
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
