import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { isDookiError, type DookiError, type DookiEvent, type ScanSummary } from '../src/index.js';
import { clientFor, requestedPages, startApi, type MockOptions } from './helpers.js';

type FaultRule = NonNullable<NonNullable<MockOptions>['faults']>[number];
const onPage = (page: number, fault: FaultRule['fault'], times = 1): FaultRule => ({
  match: { route: 'cluster-customers', page },
  fault,
  times,
});
const retriesOf = (events: DookiEvent[]) =>
  events.flatMap((event) =>
    event.type === 'retry' ? [{ page: event.page, reason: event.reason }] : [],
  );

/** Scans cluster 1 to the end; returns the ids, or the error it failed with, and the summary. */
async function scan(
  api: Awaited<ReturnType<typeof startApi>>,
  overrides: Parameters<typeof clientFor>[1] = {},
) {
  // Long enough that only a hang fault times out, even on a loaded machine.
  const { client, events } = clientFor(api, { timeoutMs: 1_500, ...overrides });
  let summary: ScanSummary | undefined;
  try {
    const items = await lastValueFrom(
      client.clusterCustomers(1, { pageSize: 10, onSummary: (s) => (summary = s) }).pipe(toArray()),
    );
    return { ids: items.map((item) => item.id), error: undefined, summary: summary!, events };
  } catch (error) {
    return { ids: undefined, error: error as DookiError, summary: summary!, events };
  }
}

describe('transient faults are retried on the same page', () => {
  it.each([
    [
      'a 500/502/503 burst',
      [500, 502, 503].map((status) => onPage(2, { kind: 'status', status: status as 500 })),
    ],
    ['a connection reset mid-body', [onPage(2, { kind: 'reset' }, 2)]],
    ['a truncated (invalid JSON) body', [onPage(2, { kind: 'truncate' }, 2)]],
    ['a hung request (timeout)', [onPage(2, { kind: 'hang' })]],
  ])('recovers from %s with every customer exactly once', async (_name, faults) => {
    await using api = await startApi({ clusters: [{ id: 1, size: 35 }], faults });
    const result = await scan(api);
    expect(result.error).toBeUndefined();
    expect(result.ids).toEqual(api.control.members(1));
    expect(requestedPages(api).filter((page) => page !== 2)).toEqual([1, 3, 4]);
    expect(requestedPages(api).filter((page) => page === 2)).toHaveLength(
      faults.reduce((n, f) => n + (f.times ?? 1), 0) + 1,
    );
    expect(retriesOf(result.events).every((retry) => retry.page === 2)).toBe(true);
    expect(result.summary).toMatchObject({
      complete: true,
      retries: requestedPages(api).length - 4,
    });
  });

  it('names the retry reasons in events', async () => {
    await using api = await startApi({
      clusters: [{ id: 1, size: 35 }],
      faults: [
        onPage(1, { kind: 'status', status: 503 }),
        onPage(2, { kind: 'hang' }),
        onPage(3, { kind: 'truncate' }),
      ],
    });
    const result = await scan(api);
    expect(retriesOf(result.events)).toEqual([
      { page: 1, reason: 'DOOKI_ERR_SERVER' },
      { page: 2, reason: 'DOOKI_ERR_TIMEOUT' },
      { page: 3, reason: expect.stringMatching(/DOOKI_ERR_BAD_PAGE|DOOKI_ERR_NETWORK/) },
    ]);
  });

  it('waits out a 429 and asks for the same page again', async () => {
    await using api = await startApi({
      clusters: [{ id: 1, size: 35 }],
      faults: [onPage(3, { kind: 'status', status: 429 })],
    });
    const result = await scan(api, { rateLimit: { limit: 1_000, windowMs: 100 } });
    expect(result.ids).toEqual(api.control.members(1));
    expect(requestedPages(api)).toEqual([1, 2, 3, 3, 4]);
    expect(result.summary).toMatchObject({ complete: true, rateLimited: 1, retries: 1 });
    expect(result.events).toContainEqual(
      expect.objectContaining({ type: 'rate-limit-wait', reason: 'retry-after', page: 3 }),
    );
    const retry = result.events.find((event) => event.type === 'retry');
    expect(retry).toMatchObject({ page: 3, reason: 'DOOKI_ERR_RATE_LIMITED', status: 429 });
    expect((retry as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(90); // the 100 ms window
  });
});

describe('giving up', () => {
  it('fails with DOOKI_ERR_SERVER naming the page after the last retry', async () => {
    await using api = await startApi({
      clusters: [{ id: 1, size: 35 }],
      faults: [onPage(2, { kind: 'status', status: 503 }, Infinity)],
    });
    const result = await scan(api, { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    expect(isDookiError(result.error, 'DOOKI_ERR_SERVER')).toBe(true);
    expect(result.error).toMatchObject({ status: 503, page: 2, method: 'GET', retryable: true });
    expect(requestedPages(api)).toEqual([1, 2, 2, 2]);
    expect(result.summary).toMatchObject({
      complete: false,
      endedBy: 'error',
      pages: 1,
      retries: 2,
    });
  });

  it('fails with DOOKI_ERR_NETWORK when the server is gone', async () => {
    const api = await startApi({ clusters: [{ id: 1, size: 5 }] });
    await api.close();
    const result = await scan(api, { retry: { retries: 1, baseDelayMs: 1 } });
    expect(isDookiError(result.error, 'DOOKI_ERR_NETWORK')).toBe(true);
    expect(result.error!.page).toBe(1);
  });

  it('gives up on a 429 storm with DOOKI_ERR_RATE_LIMITED', async () => {
    await using api = await startApi({
      clusters: [{ id: 1, size: 35 }],
      faults: [onPage(1, { kind: 'status', status: 429 }, Infinity)],
    });
    const result = await scan(api, {
      rateLimit: { limit: 1_000, windowMs: 10 },
      retry: { rateLimitRetries: 3 },
    });
    expect(isDookiError(result.error, 'DOOKI_ERR_RATE_LIMITED')).toBe(true);
    expect(requestedPages(api)).toEqual([1, 1, 1, 1]);
    expect(result.summary).toMatchObject({ rateLimited: 4 });
  });
});

describe('client errors are not retried', () => {
  it.each([
    [
      '401 (credentials rotated mid-scan)',
      'DOOKI_ERR_AUTH',
      401,
      onPage(3, { kind: 'status', status: 401 }),
    ],
    [
      '404 (cluster deleted mid-scan)',
      'DOOKI_ERR_NOT_FOUND',
      404,
      onPage(3, { kind: 'delete-cluster' }),
    ],
  ] as const)('%s fails at once on that page', async (_name, code, status, fault) => {
    await using api = await startApi({ clusters: [{ id: 1, size: 35 }], faults: [fault] });
    const result = await scan(api);
    expect(isDookiError(result.error, code)).toBe(true);
    expect(result.error).toMatchObject({ status, page: 3, retryable: false });
    expect(requestedPages(api).filter((page) => page === 3)).toHaveLength(1);
    expect(result.summary).toMatchObject({ endedBy: 'error', complete: false, retries: 0 });
  });

  it('403 on an inactive store', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 35 }], storeActive: false });
    const result = await scan(api);
    expect(isDookiError(result.error, 'DOOKI_ERR_FORBIDDEN')).toBe(true);
    expect(api.requests).toHaveLength(1);
  });

  it('401 after a real credential rotation', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 5 }] });
    api.control.rotateCredentials();
    const result = await scan(api);
    expect(isDookiError(result.error, 'DOOKI_ERR_AUTH')).toBe(true);
    expect(result.error!.apiMessage).toBe('Unauthenticated.');
    expect(api.requests).toHaveLength(1);
  });
});

describe('membership drift during a scan', () => {
  it('drops ids seen twice when members join ahead of the cursor, and reports it', async () => {
    await using api = await startApi({
      clusters: [
        { id: 1, size: 40 },
        { id: 2, size: 40 },
      ],
    });
    // Moving cluster 1's lowest ids into cluster 2 mid-scan shifts cluster 2's later pages:
    // page 2's tail is served again at the head of page 3.
    const lowIds = api.control.members(1).slice(0, 3);
    expect(lowIds[2]).toBeLessThan(api.control.members(2)[0]!);
    const { client } = clientFor(api);
    const iterable = client.iterateClusterCustomers(2, { pageSize: 10, prefetch: 0 });
    const seen: number[] = [];
    for await (const customer of iterable) {
      seen.push(customer.id);
      if (seen.length === 15) api.control.addMembers(2, lowIds);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(iterable.summary.duplicatesDropped).toBe(3);
    expect(iterable.summary).toMatchObject({
      firstTotal: 40,
      lastTotal: 43,
      complete: true,
      uniqueItems: seen.length,
    });
    expect(seen).toHaveLength(40); // the 3 newcomers sit before the cursor: the scan cannot see them
  });

  it('reports members leaving mid-scan through the totals', async () => {
    await using api = await startApi({
      clusters: [{ id: 1, size: 40 }],
      faults: [onPage(3, { kind: 'drift', leave: 5 })],
    });
    const before = api.control.members(1);
    const result = await scan(api);
    expect(new Set(result.ids).size).toBe(result.ids!.length);
    expect(result.ids!.every((id) => before.includes(id))).toBe(true);
    expect(result.summary).toMatchObject({ firstTotal: 40, lastTotal: 35, complete: true });
  });
});
