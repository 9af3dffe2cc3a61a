import { Writable } from 'node:stream';
import { createDookiClient, type DookiEvent } from '@clusterstream/core';
import { DEFAULT_ALIAS, DEFAULT_CREDENTIALS, type MockApi } from '@clusterstream/dooki-mock';
import { describe, expect, it } from 'vitest';
import {
  ExportError,
  exportClusterCsv,
  nodeHttpTransport,
  type ExportProgress,
} from '../src/index.js';
import { parseCsv } from './helpers/parse-csv.js';
import { Capture, startTestMock } from './helpers/cli.js';

const clientFor = (api: MockApi, onEvent?: (event: DookiEvent) => void) =>
  createDookiClient({
    alias: DEFAULT_ALIAS,
    ...DEFAULT_CREDENTIALS,
    baseUrl: api.url,
    rateLimit: false,
    transport: nodeHttpTransport,
    ...(onEvent && { onEvent }),
  });

describe('exportClusterCsv', () => {
  it('returns a summary of what it wrote and reports progress per page', async () => {
    await using api = await startTestMock({ clusters: [{ id: 6, size: 230 }] });
    const output = new Capture();
    const progress: ExportProgress[] = [];
    const summary = await exportClusterCsv({
      client: clientFor(api),
      clusters: [6],
      output: { stream: output },
      columns: 'id,email:Email',
      onProgress: (update) => progress.push(update),
    });
    expect(summary).toMatchObject({ rows: 230, pages: 3, requests: 3, retries: 0, output: '-' });
    expect(summary.clusters).toHaveLength(1);
    expect(summary.clusters[0]).toMatchObject({
      clusterId: 6,
      rows: 230,
      scan: { complete: true, uniqueItems: 230 },
    });
    expect(parseCsv(output.text).header).toEqual(['id', 'Email']);
    expect(progress.map((update) => update.rows)).toEqual([0, 100, 200, 230]);
    expect(progress.at(-1)).toMatchObject({ expectedRows: 230, pages: 3, clusterCount: 1 });
    expect(output.writableEnded).toBe(false); // a caller-owned stream stays open
  });

  it('refuses secret columns given as specs unless includeSecrets is set, before any request', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 3 }] });
    const output = new Capture();
    const attempt = (includeSecrets: boolean) =>
      exportClusterCsv({
        client: clientFor(api),
        clusters: [1],
        output: { stream: output },
        columns: [
          { path: 'id', raw: false },
          { path: 'login_url', raw: false },
        ],
        includeSecrets,
      });
    await expect(attempt(false)).rejects.toThrow('column "login_url" is secret');
    expect(api.requests).toHaveLength(0);
    expect(output.text).toBe('');
    await expect(attempt(true)).resolves.toMatchObject({ rows: 3 });
    expect(output.text).toContain('/auth/login/force?token=');
  });

  it('rejects with an ExportError when the destination fails, and stops reading the API', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5_000 }] });
    let written = 0;
    const failing = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        done(
          written > 20_000 ? Object.assign(new Error('disk full'), { code: 'ENOSPC' }) : undefined,
        );
      },
    });
    const error: unknown = await exportClusterCsv({
      client: clientFor(api),
      clusters: [1],
      output: { stream: failing },
      columns: 'all',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).cause).toMatchObject({ code: 'ENOSPC' });
    expect((error as ExportError).message).toMatch(
      /export of cluster 1 failed at page \d+ after \d+ rows had been written: disk full \[ENOSPC\]/,
    );
    expect(api.requests.length).toBeLessThan(10); // backpressure: 50 pages exist
  });

  it('a destination that fails while a request hangs aborts that request and reports its error', async () => {
    await using api = await startTestMock({
      clusters: [{ id: 1, size: 500 }],
      faults: [{ match: { route: 'cluster-customers', page: 3 }, fault: { kind: 'hang' } }],
    });
    let requestedPage3!: () => void;
    const hanging = new Promise<void>((resolve) => (requestedPage3 = resolve));
    const client = clientFor(api, (event) => {
      if (event.type === 'request' && event.page === 3) requestedPage3();
    });
    let wrotePage2!: () => void;
    const written = new Promise<void>((resolve) => (wrotePage2 = resolve));
    let chunks = 0;
    // Takes every chunk at once, so once page 2 is in, no write is pending: only the
    // request for page 3 is, and it never gets an answer.
    const output = new Writable({
      write(_chunk: Buffer, _encoding, done) {
        if (++chunks === 2) wrotePage2();
        done();
      },
    });
    const exported = exportClusterCsv({
      client,
      clusters: [1],
      output: { stream: output },
      columns: 'id',
    }).catch((caught: unknown) => caught);

    await Promise.all([hanging, written]);
    output.destroy(Object.assign(new Error('device gone'), { code: 'EIO' }));
    // Without the abort this would wait for the request timeout (30 s, past the test's).
    const error = await exported;
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).cause).toMatchObject({ code: 'EIO' });
    expect((error as ExportError).message).toMatch(
      /^export of cluster 1 failed at page 3 after 200 rows had been written: device gone \[EIO\]/,
    );
  });
});
