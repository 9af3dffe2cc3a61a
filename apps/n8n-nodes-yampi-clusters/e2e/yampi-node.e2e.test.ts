import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockApi, type MockApi } from '@clusterstream/dooki-mock';
import { refusingPort } from '@clusterstream/dooki-mock/hostile';
import {
  blockedConnections,
  createN8nHost,
  guardedProcesses,
  n8nRuntime,
  type LoadMode,
  type N8nHost,
} from './n8n-host';
import { packedTarball } from './tarball';
import { clusterById, singleNodeWorkflow, yampiCredential, yampiNode } from './workflows';

const runtime = n8nRuntime();
let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({
    seed: 11,
    clusters: [
      { id: 1, name: 'VIP', size: 1_234 },
      { id: 2, name: 'Atacado', size: 40 },
    ],
    rateLimit: { limit: 6_000, windowMs: 60_000 },
  });
});

afterAll(async () => {
  await api?.close();
});

const good = { id: 'yampiGoodCred001', name: 'Yampi (simulator)' };
const bad = { id: 'yampiBadCred0001', name: 'Yampi (wrong secret)' };
const refused = { id: 'yampiRefused0001', name: 'Yampi (nothing listening)' };
const customers = (extra: Record<string, unknown>) => ({
  resource: 'clusterCustomer',
  operation: 'getAll',
  clusterId: clusterById(1),
  options: {},
  ...extra,
});
const goodCredential = () =>
  yampiCredential(good.id, good.name, { ...api.credentials, alias: api.alias, baseUrl: api.url });

/** No n8n-workflow next to the package: n8n must resolve its own, not a newer peer copy. */
function expectInstalledWithoutPeers(host: N8nHost): void {
  const installed = join(host.nodesFolder, 'node_modules');
  expect(existsSync(join(installed, 'n8n-workflow'))).toBe(false);
  const manifest = readFileSync(
    join(installed, 'n8n-nodes-yampi-clusters', 'package.json'),
    'utf8',
  );
  expect(manifest).not.toContain('workspace:');
}

// Every row loads the package as n8n's installer installs it; the custom-extensions folder
// (how `n8n-node dev` loads a package) is checked on one row (N8N_E2E_CUSTOM).
const modes: LoadMode[] =
  process.env.N8N_E2E_CUSTOM === '1' ? ['installed', 'custom'] : ['installed'];

describe.each<LoadMode>(modes)(`Yampi node in ${runtime.label} (%s)`, (mode) => {
  let host: N8nHost;

  beforeAll(async () => {
    host = await createN8nHost(mode, packedTarball());
    const connection = { alias: api.alias, baseUrl: api.url };
    await host.importCredentials([
      goodCredential(),
      yampiCredential(bad.id, bad.name, {
        userToken: api.credentials.userToken,
        userSecretKey: 'not-the-secret',
        ...connection,
      }),
      yampiCredential(refused.id, refused.name, {
        ...api.credentials,
        alias: api.alias,
        baseUrl: `http://127.0.0.1:${await refusingPort()}/v2`,
      }),
    ]);
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
        'wfUnknownClustr1',
        yampiNode(host.typePrefix, good, {
          ...customers({ returnAll: true }),
          clusterId: clusterById(999),
        }),
      ),
      singleNodeWorkflow(
        'wfRefusedConn001',
        yampiNode(host.typePrefix, refused, customers({ returnAll: true })),
      ),
      singleNodeWorkflow(
        'wfBadCredential1',
        yampiNode(host.typePrefix, bad, customers({ returnAll: true })),
      ),
    ]);
  });

  afterAll(() => host?.dispose());

  it.runIf(mode === 'installed')(
    'the package is installed without n8n-workflow of its own, with real versions in its manifest',
    () => expectInstalledWithoutPeers(host),
  );

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

  it('an unknown cluster fails the run with a 404 that names it', async () => {
    const run = await host.execute('wfUnknownClustr1');
    expect(run.status).toBe('error');
    expect(run.error).toMatchObject({
      message: expect.stringContaining('could not find cluster 999'),
      httpCode: '404',
      nodeType: `${host.typePrefix}.yampi`,
    });
  });

  it('a refused connection names its real cause, with no HTTP code', async () => {
    const run = await host.execute('wfRefusedConn001');
    expect(run.status).toBe('error');
    expect(run.error?.message).toContain('ECONNREFUSED');
    expect(run.error?.httpCode ?? null).toBeNull();
  });

  it('n8n never tried to reach a host outside this machine', () => {
    // import:credentials, import:workflow and six executions, each with the guard loaded.
    expect(guardedProcesses(host)).toBeGreaterThanOrEqual(8);
    expect(blockedConnections(host)).toEqual([]);
  });
});

describe(`The README's by-hand install in ${runtime.label}`, () => {
  let host: N8nHost;

  beforeAll(async () => {
    host = await createN8nHost('by-hand', packedTarball());
    await host.importCredentials([goodCredential()]);
    await host.importWorkflows([
      singleNodeWorkflow(
        'wfByHandLimit001',
        yampiNode(host.typePrefix, good, customers({ returnAll: false, limit: 30 })),
      ),
    ]);
  });

  afterAll(() => host?.dispose());

  it('`npm install` in ~/.n8n/nodes installs no n8n-workflow next to the package', () =>
    expectInstalledWithoutPeers(host));

  it('n8n loads the package installed by hand and runs the node', async () => {
    const run = await host.execute('wfByHandLimit001');
    expect(run.status).toBe('success');
    expect(run.items.Yampi!.map((item) => item.json.id)).toEqual(
      api.control.members(1).slice(0, 30),
    );
    expect(blockedConnections(host)).toEqual([]);
  });
});
