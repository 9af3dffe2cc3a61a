import { lastValueFrom, merge, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DookiEvent } from '../src/index.js';
import { clientFor, requestedPages, startApi } from './helpers.js';

const tooMany = (api: { requests: { status: number }[] }): number =>
  api.requests.filter((entry) => entry.status === 429).length;
const waits = (events: DookiEvent[]) => events.filter((event) => event.type === 'rate-limit-wait');

describe('pacing from X-RateLimit headers', () => {
  const rateLimit = { limit: 10, windowMs: 400 };

  it('a steady scan over several windows gets no 429', async () => {
    // Windows long enough that a window's 10 requests never outlast it, even on a loaded CI
    // machine: the scan has to wait for the next window, so the pacing is really exercised.
    const paced = { limit: 10, windowMs: 2_000 };
    await using api = await startApi({ clusters: [{ id: 1, size: 250 }], rateLimit: paced });
    const { client, events } = clientFor(api, { rateLimit: paced });
    const got = await lastValueFrom(
      client.clusterCustomers(1, { pageSize: 10, prefetch: 2 }).pipe(toArray()),
    );
    expect(got.map((c) => c.id)).toEqual(api.control.members(1));
    expect(tooMany(api)).toBe(0);
    expect(waits(events).some((event) => event.reason === 'window')).toBe(true);
    const responses = events.filter((event) => event.type === 'response');
    expect(responses[0]).toMatchObject({ rateLimit: { limit: 10, remaining: 9 } });
  });

  it('learns the real limit from the headers when the assumption is too generous', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 150 }], rateLimit });
    const { client } = clientFor(api, { rateLimit: { limit: 60, windowMs: rateLimit.windowMs } });
    await lastValueFrom(client.clusterCustomers(1, { pageSize: 10 }).pipe(toArray()));
    expect(tooMany(api)).toBe(0);
  });

  it('streams of the same credential share one quota', async () => {
    await using api = await startApi({
      clusters: [
        { id: 1, size: 120 },
        { id: 2, size: 120 },
      ],
      rateLimit,
    });
    const a = clientFor(api, { rateLimit }).client;
    const b = clientFor(api, { rateLimit }).client;
    const both = await lastValueFrom(
      merge(
        a.clusterCustomers(1, { pageSize: 10 }),
        b.clusterCustomers(2, { pageSize: 10, prefetch: 3 }),
      ).pipe(toArray()),
    );
    expect(both).toHaveLength(240);
    expect(tooMany(api)).toBe(0);
  });

  it.each([true, false])(
    'does not spread out the final window when the rest of the scan fits (headers: %s)',
    async (headers) => {
      // 40 pages at 20 a window: the second window is the last and needs all of its budget.
      // Spreading its last 10% at the average pace would wait 100 ms before each of them. The
      // window is long enough that 20 requests never outlast it, even on a loaded machine.
      const quota = { limit: 20, windowMs: 2_000 };
      await using api = await startApi({
        clusters: [{ id: 1, size: 400 }],
        rateLimit: { ...quota, headers },
      });
      const { client, events } = clientFor(api, { rateLimit: quota });
      const got = await lastValueFrom(
        client.clusterCustomers(1, { pageSize: 10, prefetch: 1 }).pipe(toArray()),
      );
      expect(got).toHaveLength(400);
      expect(tooMany(api)).toBe(0);
      const all = waits(events);
      const windowWait = all.findLastIndex((event) => event.reason === 'window');
      expect(windowWait).toBeGreaterThanOrEqual(0);
      expect(all.slice(windowWait + 1)).toEqual([]);
    },
  );

  it('counts locally against the configured quota when the headers are missing', async () => {
    await using api = await startApi({
      clusters: [{ id: 1, size: 150 }],
      rateLimit: { ...rateLimit, headers: false },
    });
    const { client } = clientFor(api, { rateLimit });
    await lastValueFrom(client.clusterCustomers(1, { pageSize: 10 }).pipe(toArray()));
    expect(tooMany(api)).toBe(0);
  });
});

describe('without pacing', () => {
  it('a 429 is waited out (Retry-After) and the same page is asked again', async () => {
    await using api = await startApi({
      clusters: [{ id: 1, size: 80 }],
      rateLimit: { limit: 5, windowMs: 300 },
    });
    const { client, events } = clientFor(api, { rateLimit: false });
    const got = await lastValueFrom(
      client.clusterCustomers(1, { pageSize: 10, prefetch: 0 }).pipe(toArray()),
    );
    expect(got.map((c) => c.id)).toEqual(api.control.members(1));
    expect(tooMany(api)).toBeGreaterThan(0);
    const pages = requestedPages(api);
    const refusedIndex = api.requests.findIndex((entry) => entry.status === 429);
    expect(pages[refusedIndex + 1]).toBe(pages[refusedIndex]); // same page after the wait
    expect(waits(events)).toContainEqual(
      expect.objectContaining({ reason: 'retry-after', delayMs: expect.any(Number) }),
    );
    expect(
      waits(events).find((event) => event.reason === 'retry-after')!.delayMs,
    ).toBeGreaterThanOrEqual(900);
  });
});
