import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultRule, MockApi } from '@clusterstream/dooki-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from './helpers/parse-csv.js';
import { mockArgs, runCli, startTestMock, tempDir, testEnv } from './helpers/cli.js';

const SIZE = 450; // 5 pages of 100
let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const page = (n: number, fault: FaultRule['fault'], times = 1): FaultRule => ({
  match: { route: 'cluster-customers', clusterId: 1, page: n },
  times,
  fault,
});

const exportTo = (api: MockApi, env = testEnv()) => {
  const out = join(dir.path, 'customers.csv');
  return runCli(mockArgs(api, '--cluster', '1', '--columns', 'id,name', '--out', out), {
    env,
  }).then((result) => ({ ...result, out }));
};

describe('faults the client recovers from: the file is complete', () => {
  it.each<{ name: string; faults: FaultRule[]; env?: NodeJS.ProcessEnv }>([
    {
      name: '5xx burst',
      faults: [
        page(2, { kind: 'status', status: 503 }, 3),
        page(4, { kind: 'status', status: 500 }),
      ],
    },
    { name: '429 storm', faults: [page(2, { kind: 'status', status: 429 }, 6)] },
    { name: 'connection reset mid-body', faults: [page(3, { kind: 'reset' }, 2)] },
    { name: 'truncated page', faults: [page(2, { kind: 'truncate' })] },
    {
      name: 'hung request',
      faults: [page(5, { kind: 'hang' })],
      env: testEnv({ DOOKI_REQUEST_TIMEOUT_MS: '300' }),
    },
  ])('$name', async ({ faults, env }) => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: SIZE }], faults });
    const result = await exportTo(api, env);
    expect(result.code).toBe(0);
    const ids = parseCsv(readFileSync(result.out, 'utf8')).rows.map(([id]) => Number(id));
    expect(ids).toEqual(api.control.members(1));
    expect(api.requests.filter((entry) => entry.fault !== undefined).length).toBe(
      faults.reduce((sum, rule) => sum + (rule.times ?? 1), 0),
    );
    expect(result.stderr).toMatch(
      /450 rows from cluster 1 .*\(5 pages, \d+ requests, [1-9]\d* retr/,
    );
  });
});

describe('faults that end the export: no file, a clear message, the documented exit code', () => {
  it.each<{ name: string; fault: FaultRule; code: number; message: RegExp }>([
    {
      name: '401 on page 3',
      fault: page(3, { kind: 'status', status: 401 }),
      code: 3,
      message: /export of cluster 1 failed at page 3 after 200 rows had been written: .*401/,
    },
    {
      name: 'cluster deleted before page 2 (404)',
      fault: page(2, { kind: 'delete-cluster' }),
      code: 4,
      message: /export of cluster 1 failed at page 2 after 100 rows had been written: .*404/,
    },
    {
      name: '503 that never ends',
      fault: page(4, { kind: 'status', status: 503 }, Infinity),
      code: 5,
      message: /export of cluster 1 failed at page 4 after 300 rows had been written: .*503/,
    },
  ])('$name', async ({ fault, code, message }) => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: SIZE }], faults: [fault] });
    const out = join(dir.path, 'customers.csv');
    writeFileSync(out, 'previous export\n');
    const result = await exportTo(api);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(`Nothing was saved: ${out} is unchanged.`);
    expect(readFileSync(out, 'utf8')).toBe('previous export\n');
    expect(readdirSync(dir.path)).toEqual(['customers.csv']); // temporary file removed
  });
});

describe('store-level failures', () => {
  it('unknown store alias → exit 4', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    const out = join(dir.path, 'x.csv');
    const result = await runCli([
      '--alias',
      'no-such-store',
      '--base-url',
      api.url,
      '--cluster',
      '1',
      '--out',
      out,
    ]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/404/);
    expect(existsSync(out)).toBe(false);
  });

  it('inactive store (403) → exit 3', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }], storeActive: false });
    const result = await exportTo(api);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/403/);
    expect(existsSync(result.out)).toBe(false);
  });

  it('unreachable API → exit 5 after retries', async () => {
    const api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    await api.close();
    const result = await exportTo(api);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/DOOKI_ERR_NETWORK/);
    expect(existsSync(result.out)).toBe(false);
  });

  it('output directory that does not exist → exit 1 before any request', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    const out = join(dir.path, 'missing', 'x.csv');
    const result = await runCli(mockArgs(api, '--cluster', '1', '--out', out));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write ${out}: ENOENT`);
    expect(api.requests).toHaveLength(0);
  });
});
