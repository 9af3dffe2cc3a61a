import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  API_FLAGS,
  parseApiSettings,
  parseFlags,
  sharedExitCode,
  UsageError,
} from '../src/index.js';

const CREDENTIALS = { DOOKI_USER_TOKEN: 'token', DOOKI_USER_SECRET_KEY: 'secret' };

const settings = (argv: string[], env: NodeJS.ProcessEnv = CREDENTIALS) => {
  const warnings: string[] = [];
  const parsed = parseApiSettings(parseFlags(argv, API_FLAGS), env, warnings);
  return { parsed, warnings };
};

describe('parseApiSettings', () => {
  it('reads credentials from the environment and leaves unset tuning to core', () => {
    const { parsed, warnings } = settings(['--alias', 'my-store']);
    expect(parsed).toMatchObject({
      alias: 'my-store',
      userToken: 'token',
      userSecretKey: 'secret',
      transport: 'node-http',
      timeoutMs: undefined,
      retry: {},
      rateLimit: undefined,
    });
    expect(warnings).toEqual([]);
  });

  it('prefers flags over variables, and warns about credentials in the process list', () => {
    const { parsed, warnings } = settings(
      ['-a', 's', '--user-token', 'flag-token', '--rate-limit', '10/1000', '--transport', 'fetch'],
      { ...CREDENTIALS, DOOKI_RATE_LIMIT: 'off' },
    );
    expect(parsed.userToken).toBe('flag-token');
    expect(parsed.rateLimit).toEqual({ limit: 10, windowMs: 1000 });
    expect(parsed.transport).toBe('fetch');
    expect(warnings).toEqual([
      '--user-token is visible to other users in the process list; prefer DOOKI_USER_TOKEN',
    ]);
  });

  it('keeps the old DOOKI_CSV_* names working, with a deprecation warning', () => {
    const { parsed, warnings } = settings(['-a', 's'], {
      ...CREDENTIALS,
      DOOKI_CSV_RATE_LIMIT: '5/50',
      DOOKI_CSV_RETRY_BASE_MS: '7',
      DOOKI_CSV_RETRY_MAX_MS: '9',
      DOOKI_CSV_TIMEOUT_MS: '1234',
    });
    expect(parsed).toMatchObject({
      rateLimit: { limit: 5, windowMs: 50 },
      retry: { baseDelayMs: 7, maxDelayMs: 9 },
      timeoutMs: 1234,
    });
    expect(warnings).toEqual([
      'DOOKI_CSV_RATE_LIMIT is deprecated and will be removed: use DOOKI_RATE_LIMIT',
      'DOOKI_CSV_TIMEOUT_MS is deprecated and will be removed: use DOOKI_REQUEST_TIMEOUT_MS',
      'DOOKI_CSV_RETRY_BASE_MS is deprecated and will be removed: use DOOKI_RETRY_DELAY_MS',
      'DOOKI_CSV_RETRY_MAX_MS is deprecated and will be removed: use DOOKI_RETRY_MAX_MS',
    ]);
  });

  it('names the variable or flag at fault', () => {
    expect(() => settings(['-a', 's'], {})).toThrow(
      new UsageError('missing credentials: set DOOKI_USER_TOKEN (or pass --user-token)'),
    );
    expect(() => settings([])).toThrow(/missing --alias/);
    expect(() => settings(['-a', 's'], { ...CREDENTIALS, DOOKI_RATE_LIMIT: 'fast' })).toThrow(
      /DOOKI_RATE_LIMIT takes <requests>\/<window ms>/,
    );
    expect(() => settings(['-a', 's', '--request-timeout', '0'])).toThrow(
      /--request-timeout must be a whole number from 1/,
    );
    expect(() => settings(['-a', 's', '--transport', 'curl'])).toThrow(/node-http or fetch/);
    expect(() => settings(['-a', 's', '--nope'])).toThrow(UsageError);
  });
});

describe('sharedExitCode', () => {
  const dooki = (code: string) => Object.assign(new Error(code), { code });
  it('maps the error tree the same way for every CLI', () => {
    expect(sharedExitCode(new UsageError('x'))).toBe(2);
    expect(sharedExitCode(dooki('DOOKI_ERR_AUTH'))).toBe(3);
    expect(sharedExitCode(dooki('DOOKI_ERR_FORBIDDEN'))).toBe(3);
    expect(sharedExitCode(dooki('DOOKI_ERR_NOT_FOUND'))).toBe(4);
    expect(sharedExitCode(dooki('DOOKI_ERR_SERVER'))).toBe(5);
    expect(sharedExitCode(dooki('DOOKI_ERR_REDIRECT'))).toBe(9);
    expect(sharedExitCode(dooki('DOOKI_ERR_INVALID_OPTIONS'))).toBe(2);
    expect(sharedExitCode(dooki('DOOKI_ERR_ABORTED'))).toBe(130);
    expect(sharedExitCode(new Error('disk'))).toBeUndefined();
    expect(sharedExitCode(new Error('disk'), AbortSignal.abort())).toBe(130);
  });
});

describe('runMain, in a real process', () => {
  const fixture = fileURLToPath(new URL('fixtures/wait-for-signal.mjs', import.meta.url));

  async function start(args: string[]) {
    const child = spawn(process.execPath, [fixture, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    while (!out.includes('ready')) await once(child.stdout, 'data');
    return { child, output: () => out };
  }

  it('aborts the signal on the first SIGTERM and exits with what main returns', async () => {
    const { child, output } = await start([]);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(130);
    expect(output()).toContain('aborted: interrupted by SIGTERM');
  });

  it('exits 130 at once on a second signal while main is still cleaning up', async () => {
    const { child, output } = await start(['hang']);
    child.kill('SIGINT');
    while (!output().includes('aborted')) await once(child.stdout, 'data');
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(130);
  });
});
