import { describe, expect, it } from 'vitest';
import { isDookiError, nodeHttpTransport } from '../src/index.js';
import { clientFor, startApi } from './helpers.js';

describe('nodeHttpTransport', () => {
  it('scans a whole cluster like the fetch transport does', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 250 }] });
    const { client } = clientFor(api, { transport: nodeHttpTransport });
    const scan = client.iterateClusterCustomers(1, { pageSize: 40 });
    const ids: number[] = [];
    for await (const customer of scan) ids.push(customer.id);
    expect(ids).toEqual(api.control.members(1));
    expect(scan.summary.complete).toBe(true);
  });

  it('recovers from a connection cut mid-body, and reports API errors as typed errors', async () => {
    await using api = await startApi({
      clusters: [{ id: 1, size: 120 }],
      faults: [{ match: { route: 'cluster-customers', page: 2 }, fault: { kind: 'reset' } }],
    });
    const { client } = clientFor(api, { transport: nodeHttpTransport });
    const ids: number[] = [];
    for await (const customer of client.iterateClusterCustomers(1, { pageSize: 50 })) {
      ids.push(customer.id);
    }
    expect(ids).toEqual(api.control.members(1));
    const failure = await client.cluster(99).catch((error: unknown) => error);
    expect(isDookiError(failure, 'DOOKI_ERR_NOT_FOUND')).toBe(true);
  });
});
