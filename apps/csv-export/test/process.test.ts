import { once } from 'node:events';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_ALIAS } from '@clusterstream/dooki-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from './helpers/parse-csv.js';
import { customerRequests, mockArgs, startTestMock, tempDir, testEnv } from './helpers/cli.js';
import { ensureBuilt, spawnBin } from './helpers/spawn-bin.js';

let dir: { path: string; remove: () => void };
beforeAll(ensureBuilt, 60_000);
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('the real dooki-csv process', () => {
  it('runs the quick-start command: one file, one summary line on stderr', async () => {
    await using api = await startTestMock({
      alias: DEFAULT_ALIAS,
      clusters: [{ id: 1, size: 320 }],
    });
    const out = join(dir.path, 'demo.csv');
    const child = spawnBin(
      ['--alias', 'demo-store', '--cluster', '1', '--base-url', api.url, '--out', out],
      testEnv(),
    );
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.stderrText()).toMatch(
      /^dooki-csv: 320 rows from cluster 1 → .*demo\.csv \(4 pages, 4 requests, 0 retries, [\d.]+s\)\n$/,
    );
    expect(parseCsv(readFileSync(out, 'utf8')).rows.map(([id]) => Number(id))).toEqual(
      api.control.members(1),
    );
  });

  it('SIGINT aborts the in-flight request: exit 130, no partial file', async () => {
    await using api = await startTestMock({
      clusters: [{ id: 1, size: 1000 }],
      faults: [{ match: { route: 'cluster-customers', page: 4 }, fault: { kind: 'hang' } }],
    });
    const out = join(dir.path, 'x.csv');
    const child = spawnBin(mockArgs(api, '--cluster', '1', '--out', out), testEnv());
    while (customerRequests(api).length < 4) await sleep(10);
    child.kill('SIGINT');
    expect(await child.exited).toEqual({ code: 130, signal: null });
    expect(child.stderrText()).toContain('dooki-csv: interrupted after 300 rows.');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('a reader that goes away (| head) ends the export quietly and stops fetching', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 20_000 }] });
    const child = spawnBin(
      mockArgs(api, '--cluster', '1', '--columns', 'all', '--out', '-'),
      testEnv(),
    );
    const [firstChunk] = (await once(child.stdout, 'data')) as [Buffer];
    expect(firstChunk.toString('utf8')).toMatch(/^id,merchant_id,/);
    child.stdout.destroy();
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.stderrText()).toBe('');
    // Backpressure: far fewer than the 200 pages were requested before the pipe broke.
    expect(customerRequests(api).length).toBeLessThan(100);
  });

  it.each([
    { name: 'bad arguments', args: ['--alias', 'x'], code: 2, stderr: /missing --cluster/ },
    { name: 'unknown cluster', args: ['--cluster', '77'], code: 4, stderr: /404/ },
  ])('exit code for $name', async ({ args, code, stderr }) => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    const child = spawnBin(
      args[0] === '--alias' ? args : mockArgs(api, ...args, '--out', join(dir.path, 'y.csv')),
      testEnv(),
    );
    expect((await child.exited).code).toBe(code);
    expect(child.stderrText()).toMatch(stderr);
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('bad credentials: exit 3', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    const child = spawnBin(
      mockArgs(api, '--cluster', '1'),
      testEnv({ DOOKI_USER_SECRET_KEY: 'nope' }),
    );
    expect((await child.exited).code).toBe(3);
    expect(child.stderrText()).toMatch(/401/);
  });
});
