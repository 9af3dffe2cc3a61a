import { describe, expect, it } from 'vitest';
import { searchClusters } from '../nodes/Yampi/methods/list-search';
import { contextFor, useTestApi } from './fixtures';

const mock = useTestApi({
  clusters: Array.from({ length: 130 }, (_, index) => ({
    id: index + 1,
    name: index === 41 ? 'Clientes VIP' : `Grupo ${index + 1}`,
    size: 1,
  })),
});

const search = (filter?: string, token?: string) =>
  searchClusters.call(contextFor(mock.api, { parameters: {} }).loadOptions, filter, token);

describe('cluster list search', () => {
  it('lists clusters as "name (#id)" one API page at a time', async () => {
    const first = await search();
    expect(first.results).toHaveLength(100);
    expect(first.results[0]).toEqual({ name: 'Grupo 1 (#1)', value: '1' });
    expect(first.paginationToken).toBe('2');
    const second = await search(undefined, first.paginationToken as string);
    expect(second.results.map((result) => result.value)).toEqual(
      Array.from({ length: 30 }, (_, index) => String(index + 101)),
    );
    expect(second.paginationToken).toBeUndefined();
  });

  it('filters by name or id, case-insensitively', async () => {
    const { results } = await search('vip');
    expect(results).toEqual([{ name: 'Clientes VIP (#42)', value: '42' }]);
  });
});
