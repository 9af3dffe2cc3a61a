// Benchmark, inside a real n8n (the row scripts/bench.mjs picked, the package installed from its
// tarball as n8n's installer does): Return All over a 10,000-customer cluster with the Yampi
// node vs the built-in HTTP Request node with its pagination options, on the same endpoint of
// a simulator enforcing Yampi's documented quota (60 requests per minute per route).
import { startMockApi, type MockApi } from '@clusterstream/dooki-mock';
import { blockedConnections, createN8nHost, type ExecutionOutcome } from '../e2e/n8n-host';
import { packedTarball } from '../e2e/tarball';
import { customersIn, httpRequestNode, printTable, type Row } from './contenders';
import { clusterById, singleNodeWorkflow, yampiCredential, yampiNode } from '../e2e/workflows';

const CUSTOMERS = 10_000;
const QUOTA = { limit: 60, windowMs: 60_000 };
const credential = { id: 'benchYampiCred01', name: 'Yampi (simulator)' };

async function measure(
  api: MockApi,
  contender: string,
  run: () => Promise<ExecutionOutcome>,
  node: string,
) {
  api.control.setRateLimit(QUOTA); // a fresh window for each contender
  api.control.resetRequests();
  await new Promise((resolve) => setTimeout(resolve, QUOTA.windowMs / 60));
  const outcome = await run();
  const started = Date.parse(outcome.startedAt);
  const stopped = Date.parse(outcome.stoppedAt);
  const requests = api.requests.filter((request) => request.route === 'cluster-customers');
  const row: Row = {
    contender,
    wallSeconds: (stopped - started) / 1000,
    outcome:
      outcome.status === 'success'
        ? 'success'
        : `failed: ${outcome.error?.message ?? outcome.status}`,
    customers: customersIn(outcome, node),
    requests: requests.length,
    rejected429: requests.filter((request) => request.status === 429).length,
  };
  if (row.outcome === 'success' && row.customers < CUSTOMERS) {
    row.outcome = `"success", but only ${row.customers} of ${CUSTOMERS} customers`;
  }
  console.log(`  ${contender}: ${row.outcome} in ${row.wallSeconds.toFixed(1)} s`);
  return row;
}

async function main(): Promise<void> {
  await using api = await startMockApi({
    seed: 3,
    clusters: [{ id: 1, name: 'Bench', size: CUSTOMERS }],
    rateLimit: QUOTA,
  });
  const host = await createN8nHost('installed', packedTarball());
  try {
    await host.importCredentials([
      yampiCredential(credential.id, credential.name, {
        ...api.credentials,
        alias: api.alias,
        baseUrl: api.url,
      }),
    ]);
    await host.importWorkflows([
      singleNodeWorkflow(
        'benchYampiNode01',
        yampiNode(host.typePrefix, credential, {
          resource: 'clusterCustomer',
          operation: 'getAll',
          clusterId: clusterById(1),
          returnAll: true,
          options: {},
        }),
      ),
      singleNodeWorkflow('benchHttpPaged01', httpRequestNode(api, credential, 0)),
      singleNodeWorkflow('benchHttpPaced01', httpRequestNode(api, credential, 1_000)),
    ]);
    console.log(
      `Return All over ${CUSTOMERS} customers, simulator quota ${QUOTA.limit} requests / ${QUOTA.windowMs / 1000} s`,
    );
    const timeout = 10 * 60_000;
    const rows = [
      await measure(
        api,
        'Yampi node (this package)',
        () => host.execute('benchYampiNode01', timeout),
        'Yampi',
      ),
      await measure(
        api,
        'HTTP Request + pagination',
        () => host.execute('benchHttpPaged01', timeout),
        'HTTP Request',
      ),
      await measure(
        api,
        'HTTP Request + pagination, 1 s interval',
        () => host.execute('benchHttpPaced01', timeout),
        'HTTP Request',
      ),
    ];
    printTable(rows, CUSTOMERS);
    const blocked = blockedConnections(host);
    if (blocked.length > 0)
      throw new Error(`n8n tried to leave the machine: ${blocked.join(', ')}`);
  } finally {
    host.dispose();
  }
}

await main();
