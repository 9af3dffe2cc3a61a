import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../src/cli-args.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin.js', import.meta.url));

describe('dooki-mock CLI', () => {
  beforeAll(() => {
    if (!existsSync(new URL('../dist/cli.js', import.meta.url))) {
      throw new Error('dist/cli.js is missing: run `npx tsc -p tsconfig.build.json` first');
    }
  });

  it('prints help and exits 0', () => {
    const result = spawnSync(process.execPath, [bin, '--help'], {
      encoding: 'utf8',
      cwd: packageDir,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: dooki-mock');
    expect(result.stdout).toContain('--rate-limit');
  });

  it('rejects bad arguments with exit code 2 and a clear message', () => {
    for (const args of [
      ['--port', 'abc'],
      ['--rate-limit', '10'],
      ['--links', 'weird'],
      ['--bogus'],
    ]) {
      const result = spawnSync(process.execPath, [bin, ...args], {
        encoding: 'utf8',
        cwd: packageDir,
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^dooki-mock: /);
    }
  });

  it('maps flags to startMockApi options', () => {
    const command = parseCliArgs([
      '--customers',
      '900',
      '--clusters',
      '3',
      '--rate-limit',
      '10/1',
      '--strings',
      '--seed',
      '7',
      '--latency',
      '25',
      '--token',
      't',
      '--secret',
      's',
    ]);
    expect(command).toEqual({
      help: false,
      options: expect.objectContaining({
        seed: 7,
        latencyMs: 25,
        clusters: [
          { id: 1, size: 900 },
          { id: 2, size: 450 },
          { id: 3, size: 300 },
        ],
        rateLimit: { limit: 10, windowMs: 1000 },
        quirks: { numbersAsStrings: true, links: 'fractal' },
        credentials: { userToken: 't', userSecretKey: 's' },
      }),
    });
    expect(parseCliArgs(['--rate-limit', 'off'])).toMatchObject({ options: { rateLimit: false } });
    expect(() => parseCliArgs(['--customers', '-1'])).toThrow(UsageError);
  });

  it('serves pages until SIGTERM, then exits 0', async () => {
    const child = spawn(
      process.execPath,
      [bin, '--customers', '250', '--token', 'cli-token', '--secret', 'cli-secret'],
      { cwd: packageDir },
    );
    try {
      let stdout = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          const found = /base URL:\s+(http:\/\/127\.0\.0\.1:\d+\/v2)/.exec(stdout);
          if (found) resolve(found[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const res = await fetch(`${url}/demo-store/customers/clusters/1/customers?limit=5`, {
        headers: { 'User-Token': 'cli-token', 'User-Secret-Key': 'cli-secret' },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        data: unknown[];
        meta: { pagination: { total: number } };
      };
      expect(body.data).toHaveLength(5);
      expect(body.meta.pagination.total).toBe(250);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
