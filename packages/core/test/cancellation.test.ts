import { execFile } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pipeline } from 'node:stream/promises';
import { lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { isDookiError, type Customer, type DookiEvent, type ScanSummary } from '../src/index.js';
import {
  clientFor,
  customerRequests,
  delay,
  requestedPages,
  startApi,
  trackTimers,
} from './helpers.js';

const hangOnPage = (page: number) => ({
  match: { route: 'cluster-customers' as const, page },
  fault: { kind: 'hang' as const },
});
const answered = (events: DookiEvent[], page: number): boolean =>
  events.some((event) => event.type === 'response' && event.page === page);

/** Resolves once `condition` holds (polling the simulator's log, which fills asynchronously). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await delay(5);
}

describe('laziness', () => {
  it('requests nothing before subscription or iteration', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 30 }] });
    const { client } = clientFor(api);
    const observable = client.clusterCustomers(1);
    const iterable = client.iterateClusterCustomers(1);
    client.clusters();
    await delay(50);
    expect(api.requests).toHaveLength(0);
    expect(iterable.summary.endedBy).toBe('running');
    await lastValueFrom(observable.pipe(toArray()));
    expect(api.requests).toHaveLength(1);
  });
});

describe('cancellation aborts the in-flight request and leaves no timer', () => {
  it('take(n) stops the scan at once', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 100 }] });
    const summaries: ScanSummary[] = [];
    const { client } = clientFor(api);
    using timers = trackTimers();
    const got = await lastValueFrom(
      client
        .clusterCustomers(1, { pageSize: 10, prefetch: 1, onSummary: (s) => summaries.push(s) })
        .pipe(take(10), toArray()),
    );
    expect(got).toHaveLength(10);
    await delay(50);
    // The read-ahead of page 2 was cancelled before it left (unsubscribe is synchronous).
    expect(requestedPages(api)).toEqual([1]);
    expect(summaries).toEqual([
      expect.objectContaining({ endedBy: 'cancelled', complete: false, itemsEmitted: 10 }),
    ]);
    expect(await timers.live()).toBe(0);
  });

  it('unsubscribe while a request hangs', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 100 }], faults: [hangOnPage(2)] });
    const summaries: ScanSummary[] = [];
    const { client, events } = clientFor(api);
    using timers = trackTimers();
    const subscription = client
      .clusterCustomers(1, { pageSize: 10, prefetch: 1, onSummary: (s) => summaries.push(s) })
      .subscribe();
    await until(() => customerRequests(api).length === 2);
    expect(await timers.live()).toBe(1); // the 30 s timeout of the hung request
    subscription.unsubscribe();
    await delay(50);
    expect(answered(events, 2)).toBe(false);
    expect(requestedPages(api)).toEqual([1, 2]);
    expect(summaries).toEqual([expect.objectContaining({ endedBy: 'cancelled', pages: 1 })]);
    expect(await timers.live()).toBe(0); // aborted, so its timeout was cleared
  });

  it('break out of for await', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 100 }], faults: [hangOnPage(3)] });
    const { client, events } = clientFor(api);
    using timers = trackTimers();
    const iterable = client.iterateClusterCustomers(1, { pageSize: 10, prefetch: 1 });
    let seen = 0;
    for await (const _customer of iterable) {
      seen += 1;
      if (seen === 15) {
        await until(() => customerRequests(api).length === 3);
        break;
      }
    }
    await delay(50);
    expect(requestedPages(api)).toEqual([1, 2, 3]);
    expect(answered(events, 3)).toBe(false);
    expect(iterable.summary).toMatchObject({ endedBy: 'cancelled', complete: false });
    expect(await timers.live()).toBe(0);
  });

  it('an abort signal rejects the iteration with DOOKI_ERR_ABORTED', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 100 }], faults: [hangOnPage(2)] });
    const { client } = clientFor(api);
    using timers = trackTimers();
    const controller = new AbortController();
    const iterable = client.iterateClusterCustomers(1, {
      pageSize: 10,
      prefetch: 0,
      signal: controller.signal,
    });
    const error = await (async () => {
      for await (const customer of iterable) {
        if (customer.id === api.control.members(1)[9]) {
          void until(() => customerRequests(api).length === 2).then(() => controller.abort());
        }
      }
    })().catch((caught: unknown) => caught);
    expect(isDookiError(error, 'DOOKI_ERR_ABORTED')).toBe(true);
    expect(iterable.summary).toMatchObject({ endedBy: 'cancelled', pages: 1 });
    await delay(50);
    expect(requestedPages(api)).toEqual([1, 2]);
    expect(await timers.live()).toBe(0);
  });

  it('unsubscribing stops a rate-limit wait', async () => {
    const rateLimit = { limit: 2, windowMs: 60_000 };
    await using api = await startApi({ clusters: [{ id: 1, size: 10 }], rateLimit });
    const { client, events } = clientFor(api, { rateLimit });
    using timers = trackTimers();
    const subscription = client.clusterCustomers(1, { pageSize: 1, prefetch: 0 }).subscribe();
    await until(() => events.some((event) => event.type === 'rate-limit-wait'));
    expect(await timers.live()).toBe(1); // the limiter's wait (the last of the budget is spread over the minute)
    subscription.unsubscribe();
    await delay(20);
    expect(await timers.live()).toBe(0);
    expect(api.requests).toHaveLength(1);
  });

  it('a failing destination in pipeline stops the scan', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 1_000 }] });
    const { client, events } = clientFor(api);
    const iterable = client.iterateClusterCustomers(1, { pageSize: 10 });
    let written = 0;
    const sink = new Writable({
      objectMode: true,
      write(_customer: Customer, _encoding, callback) {
        written += 1;
        callback(written === 25 ? new Error('disk full') : null);
      },
    });
    await expect(pipeline(Readable.from(iterable), sink)).rejects.toThrow('disk full');
    const issuedCount = (): number => events.filter((event) => event.type === 'request').length;
    const issuedAtFailure = issuedCount();
    await delay(50);
    expect(issuedCount()).toBe(issuedAtFailure);
    expect(customerRequests(api).length).toBeLessThanOrEqual(issuedAtFailure);
    expect(issuedAtFailure).toBeLessThanOrEqual(4); // pages 1-3 read, at most one read ahead
    expect(iterable.summary).toMatchObject({ endedBy: 'cancelled', complete: false });
  });
});

describe('nothing keeps the process alive after cancelling', () => {
  it('a process that cancelled scans with a hung request and a 60 s rate-limit wait exits on its own', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/exit-after-cancel.ts', import.meta.url));
    // No process.exit in the fixture: if a timer or socket were left behind, it would not end
    // and this test would hit its timeout.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--no-warnings', '--loader', 'ts-node/esm', '--conditions=@clusterstream/source', fixture],
      { cwd: fileURLToPath(new URL('..', import.meta.url)) },
    );
    expect(stdout.trim()).toBe('first=1 aborted=DOOKI_ERR_ABORTED');
  }, 40_000);
});
