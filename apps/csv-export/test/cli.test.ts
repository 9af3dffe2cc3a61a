import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MockApi } from '@clusterstream/dooki-mock';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { run } from '../src/cli/run.js';
import { Capture, mockArgs, runCli, startTestMock, tempDir, testEnv } from './helpers/cli.js';

const waitForRequest = async (api: MockApi, page: number): Promise<void> => {
  while (
    !api.requests.some(
      (entry) => entry.route === 'cluster-customers' && entry.query.page === String(page),
    )
  ) {
    await sleep(10);
  }
};

describe('dooki-csv in-process', () => {
  it('--help prints usage with examples and exits 0', async () => {
    const result = await runCli(['--help'], { env: {} });
    expect(result.code).toBe(0);
    expect(result.stdout.text).toContain('Usage:');
    expect(result.stdout.text).toContain('dooki-csv --alias my-store --cluster 12 --out vip.csv');
    expect(result.stdout.text).toContain('Exit codes:');
  });

  it('--version prints the package version', async () => {
    const result = await runCli(['--version'], { env: {} });
    expect(result.stdout.text).toBe(`${packageJson.version}\n`);
  });

  it('usage errors exit 2 with a pointer to --help and send no request', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    const result = await runCli(mockArgs(api, '--cluster', '1', '--format', 'xls'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'dooki-csv: --format must be one of rfc4180, excel-br, got "xls"\nTry \'dooki-csv --help\'.\n',
    );
    expect(api.requests).toHaveLength(0);
  });

  it('an alias the client refuses is a usage error too', async () => {
    const result = await runCli(['--alias', 'bad alias!', '--cluster', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dooki-csv: alias must be the store alias/);
  });

  it('refuses to write CSV to a terminal unless --out is given', async () => {
    const stdout = new Capture(true);
    const stderr = new Capture();
    const code = await run(['--alias', 'shop', '--cluster', '1'], {
      env: testEnv(),
      stdout,
      stderr,
    });
    expect(code).toBe(2);
    expect(stderr.text).toContain('stdout is a terminal: pass --out <file>');
  });

  it('--quiet prints nothing on success', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    const result = await runCli(mockArgs(api, '--cluster', '1', '--quiet'));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.text.split('\r\n')).toHaveLength(7); // header, 5 rows, final CRLF
  });

  it('draws a live progress line on a terminal, including rate-limit waits', async () => {
    await using api = await startTestMock({
      clusters: [{ id: 1, size: 300 }],
      faults: [
        { match: { route: 'cluster-customers', page: 2 }, fault: { kind: 'status', status: 429 } },
      ],
    });
    const result = await runCli(mockArgs(api, '--cluster', '1'), { stderrTTY: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('\r\x1b[2Kcluster 1 · ');
    expect(result.stderr).toMatch(/waiting \d+\.\ds for the rate limit/);
    expect(result.stderr).toMatch(/\d+\/300 rows · \d+ pages · \d+ rows\/s/);
    expect(result.stderr).toContain('\r\x1b[2Kdooki-csv: 300 rows from cluster 1 → stdout');
  });

  it('stays silent off a terminal unless --progress is given', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 150 }] });
    const silent = await runCli(mockArgs(api, '--cluster', '1'));
    expect(silent.stderr).toMatch(
      /^dooki-csv: 150 rows from cluster 1 → stdout \(2 pages, 2 requests, 0 retries, [\d.]+s\)\n$/,
    );
    const verbose = await runCli(mockArgs(api, '--cluster', '1', '--progress'));
    expect(verbose.stderr).toMatch(/^dooki-csv: cluster 1 · 0\/?\d* rows/);
    expect(verbose.stderr.split('\n').length).toBeGreaterThan(2);
  });

  it('an abort (Ctrl-C) cancels the in-flight request, exits 130 and leaves no file', async () => {
    await using api = await startTestMock({
      clusters: [{ id: 1, size: 500 }],
      faults: [{ match: { route: 'cluster-customers', page: 3 }, fault: { kind: 'hang' } }],
    });
    const dir = tempDir();
    try {
      const out = join(dir.path, 'x.csv');
      const interrupt = new AbortController();
      const pending = runCli(mockArgs(api, '--cluster', '1', '--out', out), {
        signal: interrupt.signal,
      });
      await waitForRequest(api, 3);
      interrupt.abort();
      const result = await pending;
      expect(result.code).toBe(130);
      expect(result.stderr).toBe(
        `dooki-csv: interrupted after 200 rows.\nNothing was saved: ${out} is unchanged.\n`,
      );
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir.path)).toEqual([]);
      expect(api.requests.filter((entry) => entry.route === 'cluster-customers')).toHaveLength(3);
    } finally {
      dir.remove();
    }
  });
});
