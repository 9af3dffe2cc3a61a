// The nodes read core's Observables (never its iterables) and stop the scan at a limit:
// counted on the simulator's request log, over real HTTP.
import type * as Core from '@clusterstream/core';
import type { DookiClient, DookiClientOptions } from '@clusterstream/core';
import type { IDataObject } from 'n8n-workflow';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Yampi } from '../nodes/Yampi/Yampi.node';
import { searchClusters } from '../nodes/Yampi/methods/list-search';
import { YampiClusterTrigger } from '../nodes/YampiClusterTrigger/YampiClusterTrigger.node';
import { contextFor, customerPageRequests, fromList, useTestApi } from './fixtures';
import type { HttpCall } from './n8n-context';

/** The client methods the nodes called, in order. */
const clientCalls = vi.hoisted((): string[] => []);

// The real client, with each method call recorded; the Observables it returns are core's own
// (a wrapper operator would make `pullConcatMap` refuse them).
vi.mock('@clusterstream/core', async (importOriginal) => {
  const core = await importOriginal<typeof Core>();
  const record = (client: DookiClient): DookiClient =>
    new Proxy(client, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          clientCalls.push(String(key));
          return (value as (...args: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return {
    ...core,
    createDookiClient: (options: DookiClientOptions) => record(core.createDookiClient(options)),
  };
});

const mock = useTestApi();
const node = new Yampi();
const trigger = new YampiClusterTrigger();

beforeEach(() => {
  clientCalls.length = 0;
});

const pagesRequested = () => customerPageRequests(mock.api).map((request) => request.query.page);

function getManyCustomers(
  parameters: Record<string, unknown>,
  onRequest?: (call: HttpCall) => void,
) {
  const context = contextFor(mock.api, {
    parameters: { resource: 'clusterCustomer', operation: 'getAll', options: {}, ...parameters },
    ...(onRequest && { onRequest }),
  });
  return { context, run: () => node.execute.call(context.execute) };
}

function pollCluster(staticData: IDataObject, mode: 'manual' | 'trigger' = 'trigger') {
  const context = contextFor(mock.api, {
    parameters: { clusterId: fromList(1), events: ['joined', 'left'] },
    staticData,
    mode,
    nodeType: 'n8n-nodes-yampi-clusters.yampiClusterTrigger',
  });
  return trigger.poll.call(context.poll);
}

describe('Cluster Customer › Get Many reads clusterCustomerPages', () => {
  it('stops the scan at Limit: the page that completes it is the last one requested', async () => {
    // 250 members, 10 per page: a Limit of 25 needs pages 1 to 3, and page 3 only in part.
    const { run } = getManyCustomers({
      clusterId: fromList(1),
      returnAll: false,
      limit: 25,
      options: { pageSize: 10 },
    });
    const [items] = await run();
    expect(items!.map((item) => item.json.id)).toEqual(mock.api.control.members(1).slice(0, 25));
    expect(pagesRequested()).toEqual(['1', '2', '3']);
    expect(clientCalls).toEqual(['clusterCustomerPages']);
  });

  it('Return All reads every page, and the last page carries the verdict', async () => {
    const { run } = getManyCustomers({ clusterId: fromList(1), returnAll: true });
    const [items] = await run();
    expect(items).toHaveLength(250);
    expect(pagesRequested()).toEqual(['1', '2', '3']);
    expect(clientCalls).toEqual(['clusterCustomerPages']);
  });

  it("fails on core's verdict when the cluster moved while it was read", async () => {
    mock.api.control.addFault({
      match: { route: 'cluster-customers', clusterId: 1, page: 2 },
      fault: { kind: 'drift', leave: 10 },
    });
    const { run } = getManyCustomers({ clusterId: fromList(1), returnAll: true });
    await expect(run()).rejects.toThrow(
      /^Cluster 1: scan (incomplete|inconsistent): .*the total changed during the scan \(250 → 240/,
    );
  });

  it("n8n's cancellation ends the scan: no page after the one in flight is requested", async () => {
    // The user stops the execution as page 2 is requested (page 1's read-ahead).
    const { context, run } = getManyCustomers(
      { clusterId: fromList(1), returnAll: false, limit: 100, options: { pageSize: 10 } },
      ({ url }) => {
        if (new URL(url).searchParams.get('page') === '2') context.cancel.abort();
      },
    );
    await expect(run()).rejects.toThrow();
    // Page 2 is tried once (the cancelled scan retries nothing) and never reaches the API.
    expect(context.calls.map(({ url }) => new URL(url).searchParams.get('page'))).toEqual([
      '1',
      '2',
    ]);
    expect(pagesRequested()).toEqual(['1']);
  });
});

describe('Yampi Cluster Trigger reads clusterCustomerPages', () => {
  it('a poll reads the whole cluster from the page Observable', async () => {
    const state: IDataObject = {};
    expect(await pollCluster(state)).toBeNull();
    expect(state.members).toEqual(mock.api.control.members(1));
    expect(pagesRequested()).toEqual(['1', '2', '3']);
    expect(clientCalls).toEqual(['clusterCustomerPages']);
  });

  it('Fetch Test Event takes one customer and stops: one request for one customer', async () => {
    const result = await pollCluster({}, 'manual');
    expect(result![0]![0]!.json.customerId).toBe(mock.api.control.members(1)[0]);
    expect(customerPageRequests(mock.api).map(({ query }) => [query.page, query.limit])).toEqual([
      ['1', '1'],
    ]);
    expect(clientCalls).toEqual(['clusterCustomers']);
  });
});

describe('clusters and the cluster picker read the cluster Observables', () => {
  const clusterRequests = () => mock.api.requests.filter(({ route }) => route === 'clusters');

  it('Cluster › Get Many with a Limit reads clusters() once, for that many', async () => {
    const context = contextFor(mock.api, {
      parameters: { resource: 'cluster', operation: 'getAll', returnAll: false, limit: 2 },
    });
    const [items] = await node.execute.call(context.execute);
    expect(items!.map((item) => item.json.id)).toEqual([1, 2]);
    expect(clusterRequests().map(({ query }) => query.limit)).toEqual(['2']);
    expect(clientCalls).toEqual(['clusters']);
  });

  it('the picker takes the first page of clusterPages() and reads nothing ahead', async () => {
    const context = contextFor(mock.api, { parameters: {} });
    const { results } = await searchClusters.call(context.loadOptions);
    expect(results.map(({ value }) => value)).toEqual(['1', '2', '3']);
    expect(clusterRequests()).toHaveLength(1);
    expect(clientCalls).toEqual(['clusterPages']);
  });
});
