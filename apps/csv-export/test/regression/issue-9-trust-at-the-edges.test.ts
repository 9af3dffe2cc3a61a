// Issue 9: an export that is not the whole cluster never passes as complete, a killed export
// leaves no personal data behind, and unsafe settings are refused.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_ALIAS } from '@clusterstream/dooki-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../helpers/parse-csv.js';
import {
  customerRequests,
  mockArgs,
  runCli,
  startTestMock,
  tempDir,
  testEnv,
} from '../helpers/cli.js';
import { ensureBuilt, spawnBin } from '../helpers/spawn-bin.js';

let dir: { path: string; remove: () => void };
beforeAll(ensureBuilt, 60_000);
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('a scan that is not one whole moment of the cluster', () => {
  // Five members leave between pages 1 and 2: the total drops 3000 → 2995, and the pages
  // shift, so the export would hold 5 former members and miss 5 current ones.
  const drifting = () =>
    startTestMock({
      clusters: [{ id: 1, size: 3000 }],
      faults: [
        { match: { route: 'cluster-customers', page: 2 }, fault: { kind: 'drift', leave: 5 } },
      ],
    });

  it('is refused: exit 5, the target untouched, the drift named', async () => {
    await using api = await drifting();
    const out = join(dir.path, 'vip.csv');
    writeFileSync(out, 'previous export\n');
    const result = await runCli(mockArgs(api, '--cluster', '1', '--out', out), { env: testEnv() });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('scan inconsistent');
    expect(result.stderr).toContain('the total changed during the scan (3000 → 2995');
    expect(result.stderr).toContain('--allow-incomplete');
    expect(readFileSync(out, 'utf8')).toBe('previous export\n');
  });

  it('is written with --allow-incomplete, with a warning per problem', async () => {
    await using api = await drifting();
    const out = join(dir.path, 'vip.csv');
    const result = await runCli(
      mockArgs(api, '--cluster', '1', '--out', out, '--allow-incomplete'),
      { env: testEnv() },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: cluster 1: the total changed during the scan/);
    expect(parseCsv(readFileSync(out, 'utf8')).rows.length).toBeGreaterThan(2900);
  });

  it('a plain steady export still passes, with no warning', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 250 }] });
    const out = join(dir.path, 'ok.csv');
    const result = await runCli(mockArgs(api, '--cluster', '1', '--out', out), { env: testEnv() });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('warning');
  });
});

describe('a killed export', () => {
  it('leaves its .partial only until the next run, which removes it and fsyncs the new file', async () => {
    await using api = await startTestMock({
      clusters: [{ id: 1, size: 1000 }],
      faults: [{ match: { route: 'cluster-customers', page: 4 }, fault: { kind: 'hang' } }],
    });
    const out = join(dir.path, 'x.csv');
    const child = spawnBin(mockArgs(api, '--cluster', '1', '--out', out), testEnv());
    while (customerRequests(api).length < 4) await sleep(10);
    child.kill('SIGKILL');
    await child.exited;
    const [partial, ...others] = readdirSync(dir.path);
    expect(others).toEqual([]);
    expect(partial).toMatch(new RegExp(`^\\.x\\.csv\\.${child.pid}-[0-9a-f]{12}\\.partial$`));

    // A partial of a live process (this one) is never touched.
    const live = join(dir.path, `.x.csv.${process.pid}-aaaaaaaaaaaa.partial`);
    writeFileSync(live, 'in progress');
    const again = await runCli(mockArgs(api, '--cluster', '1', '--out', out), { env: testEnv() });
    expect(again.code).toBe(0);
    expect(readdirSync(dir.path).sort()).toEqual([
      `.x.csv.${process.pid}-aaaaaaaaaaaa.partial`,
      'x.csv',
    ]);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(parseCsv(readFileSync(out, 'utf8')).rows).toHaveLength(1000);
  });
});

describe('unsafe settings', () => {
  it('refuses plain http:// to another host unless --allow-insecure-http (exit 2, no request)', async () => {
    const args = ['--alias', DEFAULT_ALIAS, '--cluster', '1', '--out', join(dir.path, 'a.csv')];
    const refused = await runCli([...args, '--base-url', 'http://api.example.com/v2'], {
      env: testEnv(),
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('unencrypted');
    expect(refused.stderr).toContain('--allow-insecure-http');
  });

  it('a token with a line break is a usage error, not six network retries', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    const result = await runCli(mockArgs(api, '--cluster', '1', '--out', join(dir.path, 'b.csv')), {
      env: testEnv({ DOOKI_USER_TOKEN: 'abc\r\ndef' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('userToken contains');
    expect(result.stderr).not.toContain('abc');
    expect(api.requests).toHaveLength(0);
  });

  it('a redirect to another host: exit 9, the other host never hears the credentials', async () => {
    const seen: string[] = [];
    const elsewhere = createServer((request, response) => {
      seen.push(String(request.headers['user-token']));
      response.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const other = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    const redirecting = createServer((request, response) => {
      response.writeHead(302, { location: `${other}${request.url}` }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/v2`;
    try {
      const out = join(dir.path, 'c.csv');
      const result = await runCli(
        ['--alias', DEFAULT_ALIAS, '--cluster', '1', '--base-url', base, '--out', out],
        { env: testEnv() },
      );
      expect(result.code).toBe(9);
      expect(result.stderr).toContain('DOOKI_ERR_REDIRECT');
      expect(result.stderr).toContain(other);
      expect(result.stderr).not.toContain('retries');
      expect(seen).toEqual([]);
      expect(existsSync(out)).toBe(false);
    } finally {
      elsewhere.close();
      redirecting.close();
    }
  });
});
