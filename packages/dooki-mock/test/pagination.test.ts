import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockApi, type MockApi } from '../src/index.js';
import { call, customersPath, idsOf, type Reply } from './helpers.js';

describe('pagination', () => {
  let api: MockApi;
  beforeAll(async () => {
    api = await startMockApi({
      clusters: [
        { id: 1, size: 250 },
        { id: 2, size: 3 },
      ],
      rateLimit: false,
    });
  });
  afterAll(() => api.close());

  const meta = async (query: string, clusterId = 1): Promise<Reply['json']> =>
    (await call(api, customersPath(clusterId, query))).json.meta.pagination;

  it('defaults to page 1 with 10 items and int numbers', async () => {
    const reply = await call(api, customersPath(1));
    expect(idsOf(reply)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reply.json.meta.pagination).toMatchObject({
      total: 250,
      count: 10,
      per_page: 10,
      current_page: 1,
      total_pages: 25,
    });
  });

  it('clamps limit above 100 to 100 and treats garbage or < 1 as the default 10', async () => {
    expect(await meta('limit=500')).toMatchObject({ per_page: 100, count: 100, total_pages: 3 });
    expect(await meta('limit=100')).toMatchObject({ per_page: 100 });
    for (const garbage of ['abc', '0', '-5', '1.5', '']) {
      expect(await meta(`limit=${garbage}`)).toMatchObject({ per_page: 10, count: 10 });
    }
    expect(await meta('limit=7')).toMatchObject({ per_page: 7, total_pages: 36 });
  });

  it('treats a garbage page as 1 and serves an empty page past the end', async () => {
    expect(await meta('page=zero')).toMatchObject({ current_page: 1 });
    const past = await call(api, customersPath(1, 'page=99&limit=100'));
    expect(past.json.data).toEqual([]);
    expect(past.json.meta.pagination).toMatchObject({ count: 0, current_page: 99, total_pages: 3 });
  });

  it('renders Fractal links: full URLs, keys only when applicable, [] on a single page', async () => {
    const first = await meta('page=1&limit=100');
    expect(first.links).toEqual({
      next: `${api.url}/demo-store/customers/clusters/1/customers?page=2`,
    });
    const middle = await meta('page=2&limit=100');
    expect(Object.keys(middle.links).sort()).toEqual(['next', 'previous']);
    expect(middle.links.previous).toBe(
      `${api.url}/demo-store/customers/clusters/1/customers?page=1`,
    );
    expect((await meta('page=3&limit=100')).links).toEqual({
      previous: `${api.url}/demo-store/customers/clusters/1/customers?page=2`,
    });
    expect((await meta('', 2)).links).toEqual([]);
  });

  it('switches numbers to numeric strings and each links style', async () => {
    api.control.setQuirks({ numbersAsStrings: true });
    expect(await meta('limit=100')).toMatchObject({
      total: '250',
      count: '100',
      per_page: '100',
      current_page: '1',
      total_pages: '3',
    });
    api.control.setQuirks({ numbersAsStrings: false, links: 'object' });
    expect((await meta('', 2)).links).toEqual({});
    api.control.setQuirks({ links: 'empty-string' });
    expect((await meta('', 2)).links).toEqual({ previous: '', next: '' });
    api.control.setQuirks({ links: 'null' });
    expect((await meta('', 2)).links).toEqual({ previous: null, next: null });
    api.control.setQuirks({ links: 'missing' });
    expect('links' in (await meta('', 2))).toBe(false);
    api.control.setQuirks({ links: 'fractal' });
  });

  it('paginates the cluster list too, with total_pages at least 1', async () => {
    const reply = await call(api, '/demo-store/customers/clusters?limit=1&page=2');
    expect(idsOf(reply)).toEqual([2]);
    expect(reply.json.meta.pagination).toMatchObject({ total: 2, total_pages: 2, count: 1 });
    const empty = await startMockApi({ clusters: [] });
    try {
      expect(
        (await call(empty, '/demo-store/customers/clusters')).json.meta.pagination,
      ).toMatchObject({
        total: 0,
        count: 0,
        total_pages: 1,
      });
    } finally {
      await empty.close();
    }
  });

  it('serves one cluster by id', async () => {
    const reply = await call(api, '/demo-store/customers/clusters/2');
    expect(reply.status).toBe(200);
    expect(reply.json.data).toMatchObject({ id: 2, active: true, payments_ids: expect.any(Array) });
    expect(reply.json.data.created_at).toMatchObject({
      timezone_type: 3,
      timezone: 'America/Sao_Paulo',
    });
  });
});
