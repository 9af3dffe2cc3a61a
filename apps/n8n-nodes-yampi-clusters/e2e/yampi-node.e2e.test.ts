import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockApi, type MockApi } from '@clusterstream/dooki-mock';
import {
  blockedConnections,
  createN8nHost,
  guardedProcesses,
  PACKAGE_ROOT,
  type LoadMode,
  type N8nHost,
} from './n8n-host';
import { clusterById, singleNodeWorkflow, yampiCredential, yampiNode } from './workflows';

let api: MockApi;
let packDir: string;
let tarball: string;

beforeAll(async () => {
  api = await startMockApi({
    seed: 11,
    clusters: [
      { id: 1, name: 'VIP', size: 1_234 },
      { id: 2, name: 'Atacado', size: 40 },
    ],
    rateLimit: { limit: 6_000, windowMs: 60_000 },
  });
  // The package exactly as it would be published (dist only), for the installed mode.
  packDir = mkdtempSync(join(tmpdir(), 'n8n-e2e-pack-'));
  execFileSync('npm', ['pack', '--pack-destination', packDir, '--loglevel=error'], {
    cwd: PACKAGE_ROOT,
  });
  tarball = join(
    packDir,
    readdirSync(packDir).find((name) => name.endsWith('.tgz'))!,
  );
});

afterAll(async () => {
  await api?.close();
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

const good = { id: 'yampiGoodCred001', name: 'Yampi (simulator)' };
const bad = { id: 'yampiBadCred0001', name: 'Yampi (wrong secret)' };

describe.each<LoadMode>(['custom', 'installed'])('Yampi node in n8n 2.8.4 (%s)', (mode) => {
  let host: N8nHost;

  beforeAll(async () => {
    host = await createN8nHost(mode, tarball);
    const connection = { alias: api.alias, baseUrl: api.url };
    await host.importCredentials([
      yampiCredential(good.id, good.name, { ...api.credentials, ...connection }),
      yampiCredential(bad.id, bad.name, {
        userToken: api.credentials.userToken,
        userSecretKey: 'not-the-secret',
        ...connection,
      }),
    ]);
    const customers = (extra: Record<string, unknown>) => ({
      resource: 'clusterCustomer',
      operation: 'getAll',
      clusterId: clusterById(1),
      options: {},
      ...extra,
    });
    await host.importWorkflows([
      singleNodeWorkflow(
        'wfReturnAll00001',
        yampiNode(host.typePrefix, good, customers({ returnAll: true })),
      ),
      singleNodeWorkflow(
        'wfLimit000000001',
        yampiNode(host.typePrefix, good, customers({ returnAll: false, limit: 150 })),
      ),
      singleNodeWorkflow(
        'wfGetCluster0001',
        yampiNode(host.typePrefix, good, {
          resource: 'cluster',
          operation: 'get',
          clusterId: clusterById(2),
        }),
      ),
      singleNodeWorkflow(
        'wfBadCredential1',
        yampiNode(host.typePrefix, bad, customers({ returnAll: true })),
      ),
    ]);
  });

  afterAll(() => host?.dispose());

  it('Get Many with Return All returns every member, secrets stripped', async () => {
    const run = await host.execute('wfReturnAll00001');
    expect(run.status).toBe('success');
    const items = run.items.Yampi!;
    expect(items.map((item) => item.json.id)).toEqual(api.control.members(1));
    expect(items.some((item) => 'token' in item.json || 'login_url' in item.json)).toBe(false);
    expect(items[0]!.pairedItem).toEqual({ item: 0 });
  });

  it('Get Many with Limit returns exactly that many and stops paging', async () => {
    api.control.resetRequests();
    const run = await host.execute('wfLimit000000001');
    expect(run.items.Yampi!.map((item) => item.json.id)).toEqual(
      api.control.members(1).slice(0, 150),
    );
    expect(api.requests.filter((request) => request.route === 'cluster-customers')).toHaveLength(2);
  });

  it('Get returns the cluster', async () => {
    const run = await host.execute('wfGetCluster0001');
    expect(run.items.Yampi!.map((item) => item.json)).toEqual([
      expect.objectContaining({ id: 2, name: 'Atacado' }),
    ]);
  });

  it("a bad credential fails the run with the node's message and no secret in the output", async () => {
    const run = await host.execute('wfBadCredential1');
    expect(run.code).not.toBe(0);
    expect(run.status).toBe('error');
    expect(run.error).toMatchObject({
      message: 'Yampi rejected the credentials (401 Unauthenticated)',
      httpCode: '401',
      nodeType: `${host.typePrefix}.yampi`,
    });
    expect(run.raw).not.toContain('not-the-secret');
    expect(run.raw).not.toContain(api.credentials.userToken);
  });

  it('n8n never tried to reach a host outside this machine', () => {
    // import:credentials, import:workflow and four executions, each with the guard loaded.
    expect(guardedProcesses(host)).toBeGreaterThanOrEqual(6);
    expect(blockedConnections(host)).toEqual([]);
  });
});
