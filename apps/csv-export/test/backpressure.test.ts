import { Writable } from 'node:stream';
import { createDookiClient, nodeHttpTransport } from '@clusterstream/core';
import { DEFAULT_ALIAS, DEFAULT_CREDENTIALS, type MockApi } from '@clusterstream/dooki-mock';
import { describe, expect, it } from 'vitest';
import { ExportError, exportClusterCsv } from '../src/index.js';
import { parseCsv } from './helpers/parse-csv.js';
import { customerRequests, startTestMock } from './helpers/cli.js';

const PAGE_SIZE = 10;
const PAGES = 30;

/** A client whose page requests are counted when issued (never fewer than the server saw). */
const countingClient = (api: MockApi) => {
  const counter = { issued: 0 };
  const client = createDookiClient({
    alias: DEFAULT_ALIAS,
    ...DEFAULT_CREDENTIALS,
    baseUrl: api.url,
    rateLimit: false,
    transport: nodeHttpTransport,
    onEvent: (event) => {
      if (event.type === 'request' && event.route === 'cluster-customers') counter.issued += 1;
    },
  });
  return { client, counter };
};

/**
 * One real HTTP round trip to the simulator: time in which a reader that ignored the
 * destination would have sent its next page request (the simulator answers at once).
 */
const roundTrip = async (api: MockApi): Promise<void> => {
  const response = await fetch(`${api.adminUrl}/state`);
  await response.arrayBuffer();
};

/**
 * A destination that takes each chunk only after `hold` settles. With a high-water mark of
 * one byte every write returns false, so the exporter must wait for 'drain' each time.
 */
const gatedDestination = (hold: (chunkIndex: number) => Promise<void>) => {
  const chunks: Buffer[] = [];
  const destination = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      hold(chunks.length).then(() => done(), done);
    },
  });
  return { destination, chunks };
};

describe.each([0, 1, 2])('backpressure through the Observable path, prefetch %i', (prefetch) => {
  it('a slow destination slows the requests: requests <= pages handed to it + prefetch', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: PAGE_SIZE * PAGES }] });
    const { client, counter } = countingClient(api);
    const leads: number[] = [];
    let maxBuffered = 0;
    const { destination, chunks } = gatedDestination(async (handed) => {
      await roundTrip(api);
      // Just before the destination accepts page `handed`: what the exporter asked for meanwhile.
      leads.push(counter.issued - handed);
      maxBuffered = Math.max(maxBuffered, destination.writableLength);
    });

    const summary = await exportClusterCsv({
      client,
      clusters: [1],
      output: { stream: destination },
      columns: 'id,name',
      pageSize: PAGE_SIZE,
      prefetch,
    });

    // One chunk per page (the header travels with page 1); requests never ran ahead of the
    // destination by more than the read-ahead, and that read-ahead was used.
    expect(Math.max(...leads)).toBe(prefetch);
    expect(leads).toHaveLength(PAGES);
    expect(chunks).toHaveLength(PAGES);
    expect(counter.issued).toBe(PAGES);
    expect(customerRequests(api)).toHaveLength(PAGES);
    // Memory: the destination never held more than the page it was taking.
    expect(maxBuffered).toBeLessThanOrEqual(Math.max(...chunks.map((chunk) => chunk.length)));
    const parsed = parseCsv(Buffer.concat(chunks).toString('utf8'));
    expect(parsed.rows.map(([id]) => Number(id))).toEqual(api.control.members(1));
    expect(summary).toMatchObject({ rows: PAGE_SIZE * PAGES, pages: PAGES, requests: PAGES });
  });

  it('a stalled destination stops the requests until it drains, then the export completes', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: PAGE_SIZE * PAGES }] });
    const { client, counter } = countingClient(api);
    const STALL_AT = 3;
    let stalled!: () => void;
    const reachedStall = new Promise<void>((resolve) => (stalled = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { destination, chunks } = gatedDestination((handed) => {
      if (handed !== STALL_AT) return Promise.resolve();
      stalled();
      return released;
    });
    let rowsMapped = 0;
    const exported = exportClusterCsv({
      client,
      clusters: [1],
      output: { stream: destination },
      columns: 'id',
      pageSize: PAGE_SIZE,
      prefetch,
      onProgress: (progress) => (rowsMapped = progress.rows),
    });

    await reachedStall;
    // Ample opportunity for a reader that ignores the destination to keep fetching.
    for (let trip = 0; trip < 20; trip += 1) await roundTrip(api);
    expect(counter.issued).toBe(STALL_AT + prefetch);
    expect(customerRequests(api).length).toBeLessThanOrEqual(STALL_AT + prefetch);
    // Nothing piles up on either side: no page mapped beyond the stalled one, none queued.
    expect(rowsMapped).toBe(STALL_AT * PAGE_SIZE);
    expect(chunks).toHaveLength(STALL_AT);
    expect(destination.writableLength).toBe(chunks[STALL_AT - 1]!.length);

    release();
    await expect(exported).resolves.toMatchObject({ rows: PAGE_SIZE * PAGES, requests: PAGES });
    expect(chunks).toHaveLength(PAGES);
  });
});

describe('a stalled destination cannot trap the export', () => {
  it('an abort while it waits for drain ends the export at once, with no further request', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: PAGE_SIZE * PAGES }] });
    const { client, counter } = countingClient(api);
    let stalled!: () => void;
    const reachedStall = new Promise<void>((resolve) => (stalled = resolve));
    const { destination } = gatedDestination(() => {
      stalled();
      return new Promise<void>(() => undefined); // never drains
    });
    const interrupt = new AbortController();
    const exported = exportClusterCsv({
      client,
      clusters: [1],
      output: { stream: destination },
      columns: 'id',
      pageSize: PAGE_SIZE,
      signal: interrupt.signal,
    }).catch((error: unknown) => error);

    await reachedStall;
    interrupt.abort();
    const error = await exported;
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).message).toMatch(/^export of cluster 1 failed at page 2 /);
    expect((error as ExportError).rowsWritten).toBe(PAGE_SIZE);
    expect(counter.issued).toBeLessThanOrEqual(2); // page 1, and page 2 read ahead
  });
});
