import fc from 'fast-check';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  fetchTransport,
  isDookiError,
  type DookiTransport,
  type ScanSummary,
} from '../src/index.js';
import { clientFor, requestedPages, startApi } from './helpers.js';

const ids = (items: { id: number }[]): number[] => items.map((item) => item.id);

describe('a full scan', () => {
  it('delivers every member exactly once, in order, through every view', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 250 }] });
    const { client } = clientFor(api);
    const members = api.control.members(1);
    const summaries: ScanSummary[] = [];

    const fromObservable = await lastValueFrom(
      client
        .clusterCustomers(1, { pageSize: 30, onSummary: (s) => summaries.push(s) })
        .pipe(toArray()),
    );
    const iterable = client.iterateClusterCustomers(1, { pageSize: 30, prefetch: 3 });
    const fromIterable = [];
    for await (const customer of iterable) fromIterable.push(customer);
    const pages = await lastValueFrom(
      client.clusterCustomerPages(1, { pageSize: 100 }).pipe(toArray()),
    );

    expect(ids(fromObservable)).toEqual(members);
    expect(ids(fromIterable)).toEqual(members);
    expect(pages.map((page) => page.page)).toEqual([1, 2, 3]);
    expect(ids(pages.flatMap((page) => page.items))).toEqual(members);
    expect(pages[2]!.meta).toMatchObject({
      total: 250,
      count: 50,
      perPage: 100,
      currentPage: 3,
      totalPages: 3,
    });
    expect(fromObservable[0]).toEqual(api.control.customer(members[0]!));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      complete: true,
      endedBy: 'last-page',
      pages: 9,
      requests: 9,
      retries: 0,
      duplicatesDropped: 0,
      firstTotal: 250,
      lastTotal: 250,
      uniqueItems: 250,
      itemsEmitted: 250,
    });
    expect(iterable.summary).toMatchObject({ complete: true, pages: 9, uniqueItems: 250 });
  });

  it('gets every customer exactly once and in order for arbitrary sizes (property)', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 1 }] });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 180 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 3 }),
        async (size, pageSize, prefetch) => {
          const current = api.control.memberCount(1);
          if (size > current) api.control.churn(1, { join: size - current });
          if (size < current) api.control.churn(1, { leave: current - size });
          api.control.resetRequests();
          const { client } = clientFor(api);
          const got = await lastValueFrom(
            client.clusterCustomers(1, { pageSize, prefetch }).pipe(toArray()),
          );
          expect(ids(got)).toEqual(api.control.members(1));
          const pagesNeeded = Math.max(1, Math.ceil(size / pageSize));
          // Read-ahead requests may arrive out of order; each page is requested exactly once.
          const pages = requestedPages(api).sort((a, b) => a - b);
          expect(pages).toEqual(Array.from({ length: pagesNeeded }, (_, i) => i + 1));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('ends on an empty cluster after one request', async () => {
    await using api = await startApi({ clusters: [{ id: 5, size: 0 }] });
    const iterable = clientFor(api).client.iterateClusterCustomers(5);
    const got = [];
    for await (const customer of iterable) got.push(customer);
    expect(got).toEqual([]);
    expect(requestedPages(api)).toEqual([1]);
    expect(iterable.summary).toMatchObject({ complete: true, firstTotal: 0, uniqueItems: 0 });
  });

  it('starts at startPage', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 50 }] });
    const got = await lastValueFrom(
      clientFor(api).client.clusterCustomers(1, { pageSize: 10, startPage: 4 }).pipe(toArray()),
    );
    expect(ids(got)).toEqual(api.control.members(1).slice(30));
    expect(requestedPages(api)).toEqual([4, 5]);
  });
});

describe('maxItems', () => {
  it('stops fetching as soon as it is reached, whatever the prefetch', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 1_000 }] });
    for (const prefetch of [0, 1, 4]) {
      api.control.resetRequests();
      const summaries: ScanSummary[] = [];
      const got = await lastValueFrom(
        clientFor(api)
          .client.clusterCustomers(1, {
            pageSize: 20,
            maxItems: 45,
            prefetch,
            onSummary: (s) => summaries.push(s),
          })
          .pipe(toArray()),
      );
      expect(ids(got)).toEqual(api.control.members(1).slice(0, 45));
      expect(requestedPages(api).sort()).toEqual([1, 2, 3]);
      expect(summaries[0]).toMatchObject({
        endedBy: 'max-items',
        complete: false,
        itemsEmitted: 45,
      });
    }
  });

  it('requests nothing for maxItems 0', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 10 }] });
    const got = await lastValueFrom(
      clientFor(api).client.clusterCustomers(1, { maxItems: 0 }).pipe(toArray()),
    );
    expect(got).toEqual([]);
    expect(api.requests).toHaveLength(0);
  });
});

describe('response quirks', () => {
  const linkStyles = ['fractal', 'object', 'empty-string', 'null', 'missing'] as const;
  it.each(
    linkStyles.flatMap((links) =>
      [true, false].map((numbersAsStrings) => [links, numbersAsStrings] as const),
    ),
  )('reads links as %s with numbers as strings: %s', async (links, numbersAsStrings) => {
    await using api = await startApi({
      clusters: [{ id: 1, size: 25 }],
      quirks: { links, numbersAsStrings },
    });
    const pages = await lastValueFrom(
      clientFor(api).client.clusterCustomerPages(1, { pageSize: 10 }).pipe(toArray()),
    );
    expect(ids(pages.flatMap((page) => page.items))).toEqual(api.control.members(1));
    expect(pages.map((page) => page.meta.totalPages)).toEqual([3, 3, 3]);
    expect(pages[2]!.meta.total).toBe(25);
  });
});

describe('request shape', () => {
  it('sends limit, skipCache and the passthrough parameters', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 5 }] });
    const client = clientFor(api).client;
    await lastValueFrom(
      client
        .clusterCustomers(1, {
          pageSize: 5,
          include: ['spreadsheet', 'addresses'],
          search: 'active:true',
          orderBy: 'id',
          sortedBy: 'asc',
        })
        .pipe(toArray()),
    );
    await lastValueFrom(client.clusterCustomers(1, { skipCache: false }).pipe(toArray()));
    expect(api.requests[0]!.query).toEqual({
      page: '1',
      limit: '5',
      skipCache: 'true',
      include: 'spreadsheet,addresses',
      search: 'active:true',
      orderBy: 'id',
      sortedBy: 'asc',
    });
    expect(api.requests[1]!.query).toEqual({ page: '1', limit: '100' });
  });

  it('rejects bad options before any request', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 5 }] });
    const client = clientFor(api).client;
    for (const options of [
      { pageSize: 101 },
      { pageSize: 0 },
      { prefetch: -1 },
      { maxItems: 1.5 },
      { startPage: 0 },
    ]) {
      expect(() => client.clusterCustomers(1, options)).toThrow(
        expect.objectContaining({ code: 'DOOKI_ERR_INVALID_OPTIONS' }),
      );
    }
    expect(() => client.iterateClusterCustomers('x1')).toThrow(/clusterId/);
    expect(api.requests).toHaveLength(0);
  });
});

describe('clusters and single resources', () => {
  it('lists every cluster through the same page loop, and fetches one', async () => {
    const clusters = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, size: i }));
    await using api = await startApi({ clusters });
    const client = clientFor(api).client;
    const listed = await lastValueFrom(client.clusters({ pageSize: 3 }).pipe(toArray()));
    expect(ids(listed)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const iterated = [];
    for await (const cluster of client.iterateClusters({ pageSize: 2 })) iterated.push(cluster.id);
    expect(iterated).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await client.cluster('4')).toMatchObject({ id: 4 });
    expect(await client.me()).toMatchObject({ data: { merchants: expect.anything() } });
  });
});

describe('loop guard', () => {
  it('fails loudly with DOOKI_ERR_LOOP when the API ignores the page parameter', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 30 }] });
    // A transport in front of the real API that drops `page`, like a misconfigured proxy.
    const ignorePage: DookiTransport = (request) =>
      fetchTransport({ ...request, url: request.url.replace(/page=\d+/, 'page=1') });
    const { client } = clientFor(api, { transport: ignorePage });
    const iterable = client.iterateClusterCustomers(1, { pageSize: 10, prefetch: 0 });
    const error = await (async () => {
      for await (const _ of iterable) {
        // drain
      }
    })().catch((caught: unknown) => caught);
    expect(isDookiError(error, 'DOOKI_ERR_LOOP')).toBe(true);
    expect((error as { page?: number }).page).toBe(2);
    expect(iterable.summary).toMatchObject({ endedBy: 'error', complete: false });
    expect(api.requests).toHaveLength(2);
  });
});
