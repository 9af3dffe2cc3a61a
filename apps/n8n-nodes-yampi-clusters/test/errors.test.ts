import { describe, expect, it } from 'vitest';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { Yampi } from '../nodes/Yampi/Yampi.node';
import { byId, contextFor, fromList, useTestApi } from './fixtures';

const node = new Yampi();
const mock = useTestApi();

const customers = (extra: Partial<Parameters<typeof contextFor>[1]> = {}) =>
  contextFor(mock.api, {
    parameters: {
      resource: 'clusterCustomer',
      operation: 'getAll',
      clusterId: fromList(1),
      returnAll: true,
      options: {},
    },
    ...extra,
  });

async function failure(run: Promise<unknown>): Promise<NodeApiError> {
  const error: unknown = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(NodeApiError);
  return error as NodeApiError;
}

describe('errors', () => {
  it('bad credentials: names the credential fields to fix, never their values', async () => {
    const context = customers({ credentials: { userSecretKey: 'wrong-secret-value' } });
    const error = await failure(node.execute.call(context.execute));
    expect(error.message).toBe('Yampi rejected the credentials (401 Unauthenticated)');
    expect(error.description).toContain('User Token and User Secret Key');
    expect(error.httpCode).toBe('401');
    expect(JSON.stringify(error)).not.toContain('wrong-secret-value');
    expect(JSON.stringify(error)).not.toContain(mock.api.credentials.userToken);
  });

  it('inactive store: 403 explained', async () => {
    mock.api.control.setStoreActive(false);
    const error = await failure(node.execute.call(customers().execute));
    expect(error.message).toBe(
      `Access to store "${mock.api.alias}" was denied (403): the store is inactive or this user cannot reach it`,
    );
  });

  it('unknown cluster: 404 names the cluster and the store', async () => {
    const context = customers({
      parameters: {
        resource: 'cluster',
        operation: 'get',
        clusterId: byId(999),
      },
    });
    const error = await failure(node.execute.call(context.execute));
    expect(error.message).toBe(
      `Yampi could not find cluster 999 in store "${mock.api.alias}" (404)`,
    );
    expect(error.context.itemIndex).toBe(0);
  });

  it('a cluster ID that is not a number is a parameter error, before any request', async () => {
    const context = customers({
      parameters: { resource: 'cluster', operation: 'get', clusterId: byId('abc') },
    });
    await expect(node.execute.call(context.execute)).rejects.toBeInstanceOf(NodeOperationError);
    expect(mock.api.requests).toHaveLength(0);
  });

  it('a credential without a usable Store Alias is a configuration error, before any request', async () => {
    const context = customers({ credentials: { alias: '' } });
    const error: unknown = await node.execute
      .call(context.execute)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toBe(
      `The Yampi credential's Store Alias "" is not a store alias`,
    );
    expect(mock.api.requests).toHaveLength(0);
  });

  it('continueOnFail: the failing item becomes an error item and the others still run', async () => {
    const context = customers({
      continueOnFail: true,
      inputItems: [{ json: {} }, { json: {} }],
      parameters: (itemIndex: number) => ({
        resource: 'clusterCustomer',
        operation: 'getAll',
        clusterId: byId(itemIndex === 0 ? 999 : 2),
        returnAll: true,
        options: {},
      }),
    });
    const [items] = await node.execute.call(context.execute);
    expect(items![0]).toEqual({
      json: {
        error: `Yampi could not find cluster 999 in store "${mock.api.alias}" (404)`,
        description: expect.any(String),
      },
      pairedItem: { item: 0 },
    });
    expect(items!.slice(1).map((item) => item.json.id)).toEqual(mock.api.control.members(2));
    expect(items!.slice(1).every((item) => JSON.stringify(item.pairedItem) === '{"item":1}')).toBe(
      true,
    );
  });

  it('server errors are retried by core before they fail the node', async () => {
    mock.api.control.addFault({
      match: { route: 'cluster-customers', page: 2 },
      times: 2,
      fault: { kind: 'status', status: 503 },
    });
    const [items] = await node.execute.call(customers().execute);
    expect(items).toHaveLength(250);
    expect(mock.api.requests.filter((request) => request.status === 503)).toHaveLength(2);
  });

  it('a connection reset mid-body is retried (the transport reports it as a network error)', async () => {
    mock.api.control.addFault({
      match: { route: 'cluster-customers', page: 1 },
      fault: { kind: 'reset' },
    });
    const [items] = await node.execute.call(customers().execute);
    expect(items!.map((item) => item.json.id)).toEqual(mock.api.control.members(1));
  });

  it('a truncated page is retried rather than parsed', async () => {
    mock.api.control.addFault({
      match: { route: 'cluster-customers', page: 3 },
      fault: { kind: 'truncate' },
    });
    const [items] = await node.execute.call(customers().execute);
    expect(items).toHaveLength(250);
  });
});
