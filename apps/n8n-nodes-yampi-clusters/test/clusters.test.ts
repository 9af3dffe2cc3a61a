import { describe, expect, it } from 'vitest';
import { Yampi } from '../nodes/Yampi/Yampi.node';
import { byId, contextFor, fromList, useTestApi } from './fixtures';

const node = new Yampi();
const mock = useTestApi();

const run = (parameters: Record<string, unknown>) =>
  node.execute.call(
    contextFor(mock.api, { parameters: { resource: 'cluster', ...parameters } }).execute,
  );

describe('Cluster', () => {
  it('Get returns the chosen cluster, paired to its input item', async () => {
    const [items] = await run({ operation: 'get', clusterId: fromList(2) });
    expect(items).toHaveLength(1);
    expect(items![0]!.json).toMatchObject({ id: 2, name: 'Atacado' });
    expect(items![0]!.pairedItem).toEqual({ item: 0 });
  });

  it('Get accepts a typed ID with spaces around it', async () => {
    const [items] = await run({ operation: 'get', clusterId: byId(' 1 ') });
    expect(items![0]!.json).toMatchObject({ id: 1, name: 'VIP' });
  });

  it('Get Many with Return All returns every cluster of the store', async () => {
    const [items] = await run({ operation: 'getAll', returnAll: true });
    expect(items!.map((item) => item.json.id)).toEqual([1, 2, 3]);
  });

  it('Get Many with Limit returns only that many', async () => {
    const [items] = await run({ operation: 'getAll', returnAll: false, limit: 2 });
    expect(items!.map((item) => item.json.id)).toEqual([1, 2]);
  });
});
