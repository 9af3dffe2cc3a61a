// scripts/test-reports.mjs on the reports of a real vitest run: the closing line's counts and the
// failed tests that `npm test` names above it (a CI log cut to its tail must still name them).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countReports, failuresOf } from '../../../scripts/test-reports.mjs';

const root = join(import.meta.dirname, '..', '..', '..');
const vitest = join(root, 'node_modules', '.bin', 'vitest');

/** A scratch checkout with one app whose tests pass, fail, and fail to load. */
function scratchCheckout(): string {
  const checkout = mkdtempSync(join(tmpdir(), 'test-reports-'));
  for (const dir of ['packages', 'tests']) mkdirSync(join(checkout, dir));
  const app = join(checkout, 'apps', 'demo');
  mkdirSync(join(app, 'test'), { recursive: true });
  writeFileSync(
    join(app, 'test', 'sample.test.mjs'),
    `describe('the sample', () => {
      test('passes', () => expect(1).toBe(1));
      test('fails', () => expect({ rows: 2 }).toEqual({ rows: 3 }));
      test.skip('is skipped', () => {});
    });\n`,
  );
  writeFileSync(join(app, 'test', 'broken.test.mjs'), `throw new Error('cannot load me');\n`);
  return checkout;
}

describe('test-reports', () => {
  let checkout: string;

  beforeAll(async () => {
    checkout = scratchCheckout();
    const app = join(checkout, 'apps', 'demo');
    // The run fails (exit 1), as it should: only its report matters here.
    await promisify(execFile)(
      vitest,
      ['run', '--globals', '--reporter=json', '--outputFile=test-results.json'],
      { cwd: app },
    ).catch(() => undefined);
  }, 120_000);

  afterAll(() => rmSync(checkout, { recursive: true, force: true }));

  it('counts passed, failed and skipped tests, and a file that failed to load', () => {
    // Two failures: the failed test, and the file that failed to load although another failed.
    expect(countReports(checkout)).toEqual({ passed: 1, failed: 2, skipped: 1 });
  });

  it('names each failed test with its file, its describe and its error', () => {
    const failures = failuresOf(checkout);
    expect(failures).toHaveLength(2);
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^apps\/demo\/test\/sample\.test\.mjs › the sample › fails: AssertionError: expected .+ to deeply equal/,
      ),
    );
    expect(failures).toContainEqual(
      expect.stringMatching(/^apps\/demo\/test\/broken\.test\.mjs: .*cannot load me/),
    );
    // Plain text: no terminal colour codes in the lines CI prints.
    expect(failures.join('\n')).not.toContain('\u001b[');
  });
});
