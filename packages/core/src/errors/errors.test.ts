import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as errors from './index.js';
import { isDookiError, type DookiError, type DookiErrorCode } from './dooki-error.js';

type Ctor = new (message: string, details?: errors.DookiErrorDetails) => DookiError;
const table: [Ctor, DookiErrorCode, boolean][] = [
  [errors.DookiAuthError, 'DOOKI_ERR_AUTH', false],
  [errors.DookiForbiddenError, 'DOOKI_ERR_FORBIDDEN', false],
  [errors.DookiNotFoundError, 'DOOKI_ERR_NOT_FOUND', false],
  [errors.DookiValidationError, 'DOOKI_ERR_VALIDATION', false],
  [errors.DookiRateLimitedError, 'DOOKI_ERR_RATE_LIMITED', true],
  [errors.DookiServerError, 'DOOKI_ERR_SERVER', true],
  [errors.DookiHttpError, 'DOOKI_ERR_HTTP', false],
  [errors.DookiNetworkError, 'DOOKI_ERR_NETWORK', true],
  [errors.DookiTimeoutError, 'DOOKI_ERR_TIMEOUT', true],
  [errors.DookiBadPageError, 'DOOKI_ERR_BAD_PAGE', false],
  [errors.DookiLoopError, 'DOOKI_ERR_LOOP', false],
  [errors.DookiAbortedError, 'DOOKI_ERR_ABORTED', false],
  [errors.DookiOptionsError, 'DOOKI_ERR_INVALID_OPTIONS', false],
];

describe('error classes', () => {
  it.each(table)('%o has its code, retryable flag, name and context', (Class, code, retryable) => {
    const error = new Class('It failed', {
      status: 500,
      method: 'GET',
      url: 'http://127.0.0.1/v2/x',
      page: 3,
    });
    expect(error).toBeInstanceOf(errors.DookiError);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.name).toBe(Class.name);
    expect(error.message).toContain('(GET http://127.0.0.1/v2/x)');
    expect(isDookiError(error)).toBe(true);
    expect(isDookiError(error, code)).toBe(true);
    expect(
      isDookiError(error, code === 'DOOKI_ERR_AUTH' ? 'DOOKI_ERR_LOOP' : 'DOOKI_ERR_AUTH'),
    ).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      code,
      retryable,
      status: 500,
      page: 3,
      name: Class.name,
    });
  });

  it('does not brand look-alikes', () => {
    expect(isDookiError(new Error('x'))).toBe(false);
    expect(isDookiError({ code: 'DOOKI_ERR_AUTH' })).toBe(false);
    expect(isDookiError(null)).toBe(false);
  });

  it('keeps the cause off enumerable properties and JSON', () => {
    const error = new errors.DookiNetworkError('down', {
      cause: new Error('inner secret-ish detail'),
    });
    expect(Object.keys(error)).not.toContain('cause');
    expect(JSON.stringify(error)).not.toContain('inner');
  });
});

describe('isDookiError across two bundled copies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'core-copies-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('recognizes an error thrown by another copy, where instanceof fails', async () => {
    const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
    const copies = ['a', 'b'].map((name) => join(dir, `${name}.mjs`));
    for (const outfile of copies) {
      await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile });
    }
    type Copy = typeof errors;
    const [a, b] = (await Promise.all(copies.map((file) => import(pathToFileURL(file).href)))) as [
      Copy,
      Copy,
    ];
    const fromA = new a.DookiAuthError('nope');
    expect(fromA instanceof b.DookiError).toBe(false);
    expect(b.isDookiError(fromA)).toBe(true);
    expect(b.isDookiError(fromA, 'DOOKI_ERR_AUTH')).toBe(true);
  });
});
