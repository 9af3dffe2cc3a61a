import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { concatMap, filter, from, lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { pullConcatMap, type Customer, type DookiEvent, type ScanSummary } from '../src/index.js';
import { clientFor, customerRequests, delay, startApi } from './helpers.js';

const SIZE = 600;
const PAGE_SIZE = 10;

/**
 * Checks the backpressure bound each time the consumer takes a customer; remembers the
 * largest lead. Requests are counted when issued (the client's `request` events), which
 * is never less than what the simulator has received.
 */
function boundChecker(events: DookiEvent[], prefetch: number) {
  let consumed = 0;
  let maxLead = 0;
  return {
    take(): void {
      consumed += 1;
      const pagesHeld = Math.ceil(consumed / PAGE_SIZE);
      const requested = events.filter((event) => event.type === 'request').length;
      maxLead = Math.max(maxLead, requested - pagesHeld);
      const buffered = Math.min(SIZE, requested * PAGE_SIZE) - consumed;
      expect(requested).toBeLessThanOrEqual(pagesHeld + prefetch);
      expect(buffered).toBeLessThanOrEqual((prefetch + 1) * PAGE_SIZE);
    },
    get consumed() {
      return consumed;
    },
    get maxLead() {
      return maxLead;
    },
  };
}

/** An async pause at each page boundary, so a read-ahead that ignored the consumer would show. */
const slowAtPageEnd = (index: number): Promise<void> =>
  index % PAGE_SIZE === PAGE_SIZE - 1 ? delay(2) : Promise.resolve();

describe.each([0, 1, 3])('backpressure with prefetch %i', (prefetch) => {
  it('for await: requests <= pages consumed + prefetch, buffered <= (prefetch+1) x pageSize', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: SIZE }] });
    const { client, events } = clientFor(api);
    const check = boundChecker(events, prefetch);
    let index = 0;
    for await (const _customer of client.iterateClusterCustomers(1, {
      pageSize: PAGE_SIZE,
      prefetch,
    })) {
      await slowAtPageEnd(index++); // gives any read-ahead time to reach the server before checking
      check.take();
    }
    expect(check.consumed).toBe(SIZE);
    expect(check.maxLead).toBe(prefetch); // the read-ahead is used, and never exceeded
  });

  it('Observable with a synchronous subscriber pulls only as it consumes', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: SIZE }] });
    const { client, events } = clientFor(api);
    const check = boundChecker(events, prefetch);
    const observable = client.clusterCustomers(1, { pageSize: PAGE_SIZE, prefetch });
    await new Promise<void>((resolve, reject) => {
      // RxJS reports a throwing `next` asynchronously; route the assertion failure to the test instead.
      const subscription = observable.subscribe({
        next: () => {
          try {
            check.take();
          } catch (error) {
            subscription.unsubscribe();
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
        error: reject,
        complete: resolve,
      });
    });
    expect(check.consumed).toBe(SIZE);
  });

  it('pullConcatMap gives an async RxJS consumer the same bound', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: SIZE }] });
    const { client, events } = clientFor(api);
    const check = boundChecker(events, prefetch);
    const observable = client.clusterCustomers(1, { pageSize: PAGE_SIZE, prefetch });
    const out = await lastValueFrom(
      observable.pipe(
        pullConcatMap((customer: Customer, index) =>
          slowAtPageEnd(index).then(() => {
            check.take();
            return customer.id;
          }),
        ),
        toArray(),
      ),
    );
    expect(out).toEqual(api.control.members(1));
    expect(check.maxLead).toBe(prefetch);
  });

  it('pipeline(Readable.from(iterable), slow Writable) stops fetching while the writable does not drain', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: SIZE }] });
    const iterable = clientFor(api).client.iterateClusterCustomers(1, {
      pageSize: PAGE_SIZE,
      prefetch,
    });
    let pulled = 0;
    async function* counted(): AsyncGenerator<Customer> {
      for await (const customer of iterable) {
        pulled += 1;
        yield customer;
      }
    }
    let release: (() => void) | undefined;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const written: number[] = [];
    const sink = new Writable({
      objectMode: true,
      highWaterMark: 2,
      write(customer: Customer, _encoding, callback) {
        written.push(customer.id);
        void stalled.then(() => callback());
      },
    });
    const done = pipeline(Readable.from(counted()), sink);

    await delay(100);
    const duringStall = customerRequests(api).length;
    await delay(150);
    expect(customerRequests(api).length).toBe(duringStall); // nothing fetched while not draining
    expect(duringStall).toBeLessThanOrEqual(Math.ceil(pulled / PAGE_SIZE) + prefetch);
    expect(duringStall).toBeLessThan(SIZE / PAGE_SIZE / 2);

    release!();
    await done;
    expect(written).toEqual(api.control.members(1));
    expect(iterable.summary).toMatchObject({ complete: true, itemsEmitted: SIZE });
  });
});

describe('push, for contrast', () => {
  it('plain concatMap with async work lets the scan run ahead (why pullConcatMap exists)', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: SIZE }] });
    const { client, events } = clientFor(api);
    let maxLead = 0;
    let consumed = 0;
    await lastValueFrom(
      client.clusterCustomers(1, { pageSize: PAGE_SIZE, prefetch: 1 }).pipe(
        concatMap((customer: Customer, index) => {
          consumed += 1;
          const issued = events.filter((event) => event.type === 'request').length;
          maxLead = Math.max(maxLead, issued - Math.ceil(consumed / PAGE_SIZE));
          return from(
            (index % PAGE_SIZE === 0 ? delay(10) : Promise.resolve()).then(() => customer),
          );
        }),
        toArray(),
      ),
    );
    expect(maxLead).toBeGreaterThan(1);
  });
});

describe('pullConcatMap cannot lose backpressure silently', () => {
  it('throws, naming the fix, when an operator stands between the client and it', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 30 }] });
    const { client } = clientFor(api);
    const filtered = client.clusterCustomers(1).pipe(filter((customer) => customer.id > 0));
    expect(() => filtered.pipe(pullConcatMap((customer) => of(customer.id)))).toThrow(
      /applied directly to an Observable from a @clusterstream\/core client/,
    );
    expect(() => of(1, 2).pipe(pullConcatMap((value) => of(value)))).toThrow(TypeError);
    // Nothing was subscribed, so nothing was requested.
    expect(customerRequests(api)).toHaveLength(0);
  });

  it('gives each subscriber its own scan, each with the bound', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 30 }] });
    const { client } = clientFor(api);
    const ids = client
      .clusterCustomers(1, { pageSize: 10 })
      .pipe(pullConcatMap((customer) => delay(1).then(() => customer.id)));
    const [first, second] = await Promise.all([
      lastValueFrom(ids.pipe(toArray())),
      lastValueFrom(ids.pipe(toArray())),
    ]);
    expect(first).toEqual(api.control.members(1));
    expect(second).toEqual(first);
    expect(customerRequests(api)).toHaveLength(6);
  });

  it('closes the scan before it reports a failed projection: read-ahead aborted, summary final', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 100 }] });
    const { client } = clientFor(api);
    let summaryAtError: ScanSummary | undefined;
    let scan: Readonly<ScanSummary> | undefined;
    const failure = new Error('disk full');
    const error = await lastValueFrom(
      client.clusterCustomerPages(1, { pageSize: 10, prefetch: 3 }).pipe(
        pullConcatMap((page) => {
          scan = page.scan;
          if (page.page === 2) return Promise.reject(failure);
          return Promise.resolve(page.page);
        }),
      ),
    ).catch((reason: unknown) => {
      summaryAtError = { ...scan! };
      return reason;
    });
    expect(error).toBe(failure);
    expect(summaryAtError?.endedBy).toBe('cancelled');
    expect(summaryAtError?.finishedAt).not.toBeNull();
    // Pages 1 and 2 consumed, at most 3 requested ahead; none after the failure.
    expect(customerRequests(api).length).toBeLessThanOrEqual(5);
  });
});
