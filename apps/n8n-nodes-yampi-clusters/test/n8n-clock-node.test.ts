// The node's waits (retry backoff, rate-limit waits) go through n8n-workflow's sleep: the
// bundles have no timer of their own (test/bundle.test.ts scans them), so a wait that
// bypassed n8n's helper would be a timer of core's that the build did not replace.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as N8nWorkflow from 'n8n-workflow';
import { Yampi } from '../nodes/Yampi/Yampi.node';
import { contextFor, fromList, useTestApi } from './fixtures';

// Every wait n8n-workflow's sleepWithAbort is asked for, in ms; it still really waits.
const waits = vi.hoisted(() => [] as number[]);
vi.mock('n8n-workflow', async (importOriginal) => {
  const actual = await importOriginal<typeof N8nWorkflow>();
  return {
    ...actual,
    sleepWithAbort: async (ms: number, signal?: AbortSignal) => {
      waits.push(ms);
      return actual.sleepWithAbort(ms, signal);
    },
  };
});

// Core's request timeout (its default, which the node keeps) also waits on the clock.
const REQUEST_TIMEOUT_MS = 30_000;
const pauses = () => waits.filter((ms) => ms !== REQUEST_TIMEOUT_MS);

const node = new Yampi();
const mock = useTestApi();
const allCustomersOf = (clusterId: number) =>
  contextFor(mock.api, {
    parameters: {
      resource: 'clusterCustomer',
      operation: 'getAll',
      clusterId: fromList(clusterId),
      returnAll: true,
      options: {},
    },
  });

beforeEach(() => {
  waits.length = 0;
});

describe("the node waits on n8n-workflow's sleep", () => {
  it('the backoff before retrying a 500', async () => {
    mock.api.control.addFault({
      match: { route: 'cluster-customers', page: 2 },
      fault: { kind: 'status', status: 500 },
    });
    const [items] = await node.execute.call(allCustomersOf(1).execute);
    expect(items).toHaveLength(250);
    expect(mock.api.requests.filter((request) => request.status === 500)).toHaveLength(1);
    expect(pauses()).toHaveLength(1);
    // Every request's timeout waited on n8n's helper as well.
    expect(waits.length).toBeGreaterThanOrEqual(1 + mock.api.requests.length);
  });

  it("the wait a 429's Retry-After asks for", async () => {
    // One request per second and no X-RateLimit headers: the second page gets a 429 with
    // `Retry-After: 1`, and core must wait before asking again.
    mock.api.control.setRateLimit({ limit: 1, windowMs: 1_000, headers: false });
    const [items] = await node.execute.call(allCustomersOf(1).execute);
    expect(items).toHaveLength(250);
    const tooMany = mock.api.requests.filter((request) => request.status === 429).length;
    expect(tooMany).toBeGreaterThanOrEqual(1);
    expect(pauses().length).toBeGreaterThanOrEqual(tooMany);
  });
});
