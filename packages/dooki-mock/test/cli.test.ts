import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../src/cli-args.js';
import { generateStores, storeCredentials } from '../src/index.js';
import type { StoresFile } from '../src/stores-file.js';

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
    expect(result.stdout).toContain('--stores <n>');
    expect(result.stdout).toContain('--stores-file <path>');
  });

  it('rejects bad arguments with exit code 2 and a clear message', () => {
    for (const args of [
      ['--port', 'abc'],
      ['--rate-limit', '10'],
      ['--links', 'weird'],
      ['--bogus'],
      ['--stores', '0'],
      ['--stores', '2', '--alias', 'x'],
      ['--members', '10'],
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
      '10/1000',
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

  it('maps --stores, --clusters-per-store, --members and --stores-file to generated stores', () => {
    const command = parseCliArgs([
      '--stores',
      '4',
      '--clusters-per-store',
      '3',
      '--members',
      '70',
      '--seed',
      '8',
      '--stores-file',
      'out.json',
    ]);
    expect(command).toMatchObject({
      help: false,
      storesFile: 'out.json',
      options: {
        seed: 8,
        stores: generateStores({ count: 4, clustersPerStore: 3, membersPerCluster: 70, seed: 8 }),
      },
    });
    expect(command.help === false && command.options).not.toHaveProperty('alias');
    expect(() => parseCliArgs(['--stores', '2', '--token', 't'])).toThrow(/--token/);
    expect(() => parseCliArgs(['--clusters-per-store', '2'])).toThrow(/needs --stores/);
  });

  it('serves many stores and writes their credentials to a 0600 stores file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dooki-mock-cli-'));
    const file = join(dir, 'stores.json');
    const child = spawn(
      process.execPath,
      [bin, '--stores', '3', '--members', '40', '--stores-file', file],
      { cwd: packageDir },
    );
    try {
      let stdout = '';
      child.stdout.setEncoding('utf8');
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          if (/base URL:[\s\S]*\n\s+try:/.test(stdout)) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      expect(stdout).toContain(`stores file:      ${file} (mode 0600)`);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const written = JSON.parse(await readFile(file, 'utf8')) as StoresFile;
      expect(written.stores.map((s) => s.alias)).toEqual(['store-001', 'store-002', 'store-003']);
      expect(written.stores[2]).toEqual({
        alias: 'store-003',
        credentials: storeCredentials(1, 'store-003'),
        clusters: [
          { id: 1, size: 40 },
          { id: 2, size: 40 },
        ],
      });
      const get = (alias: string, credentials: { userToken: string; userSecretKey: string }) =>
        fetch(`${written.url}/${alias}/customers/clusters/2/customers?limit=5`, {
          headers: {
            'User-Token': credentials.userToken,
            'User-Secret-Key': credentials.userSecretKey,
          },
        });
      const own = await get('store-003', written.stores[2]!.credentials);
      expect(own.status).toBe(200);
      expect(
        ((await own.json()) as { meta: { pagination: { total: number } } }).meta.pagination.total,
      ).toBe(40);
      expect((await get('store-002', written.stores[0]!.credentials)).status).toBe(401);
      const stores = await fetch(`${written.adminUrl}/stores`);
      expect(((await stores.json()) as { stores: unknown[] }).stores).toHaveLength(3);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
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
