import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ALIAS } from '@clusterstream/dooki-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { googleEmailOracle } from './helpers/google-email.js';
import { csvObjects, parseCsv } from './helpers/parse-csv.js';
import { startTestMock, tempDir, testEnv } from './helpers/cli.js';
import { ensureBuilt, spawnBin } from './helpers/spawn-bin.js';

// Recomputed independently of the exporter: node:crypto over the simulator's ground truth.
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

let dir: { path: string; remove: () => void };
beforeAll(ensureBuilt, 60_000);
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const SIZE = 260;

describe.each([
  {
    preset: 'meta-audience',
    header: ['email', 'phone', 'fn', 'ln', 'ct', 'st', 'country', 'doby'],
    email: 'email',
    emailValue: (email: string) => email.trim().toLowerCase(),
    phone: 'phone',
    phoneValue: (fullNumber: string) => `55${fullNumber}`,
  },
  {
    preset: 'google-customer-match',
    header: ['Email', 'Phone', 'First Name', 'Last Name', 'Country', 'Zip'],
    email: 'Email',
    emailValue: googleEmailOracle,
    phone: 'Phone',
    phoneValue: (fullNumber: string) => `+55${fullNumber}`,
  },
])('the built dooki-csv --preset $preset against the simulator', (expected) => {
  it('writes every member with hashed identifiers and no raw PII', async () => {
    await using api = await startTestMock({
      alias: DEFAULT_ALIAS,
      clusters: [{ id: 1, size: SIZE }],
    });
    const out = join(dir.path, `${expected.preset}.csv`);
    const child = spawnBin(
      [
        '--alias',
        DEFAULT_ALIAS,
        '--base-url',
        api.url,
        '--cluster',
        '1',
        '--out',
        out,
        '--preset',
        expected.preset,
      ],
      testEnv(),
    );
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.stderrText()).toContain(
      `dooki-csv: ${expected.preset}: 0 rows without a usable email, 0 without a usable phone (0 with neither)`,
    );
    const text = readFileSync(out, 'utf8');
    const parsed = parseCsv(text);
    expect(parsed.header).toEqual(expected.header);
    const rows = csvObjects(parsed);
    expect(rows).toHaveLength(SIZE);

    const customers = api.control.members(1).map((id) => api.control.customer(id));
    for (const customer of customers) {
      for (const raw of [
        customer.email,
        customer.phone.full_number,
        customer.phone.formated_number,
        customer.name,
      ]) {
        expect(text).not.toContain(raw);
      }
      expect(text).not.toContain(customer.email.toLowerCase());
    }
    // A sample, recomputed from the served customer.
    for (const index of [0, 1, 77, SIZE - 1]) {
      const customer = customers[index]!;
      expect(rows[index]![expected.email]).toBe(sha256(expected.emailValue(customer.email)));
      expect(rows[index]![expected.phone]).toBe(
        sha256(expected.phoneValue(customer.phone.full_number)),
      );
    }
  });
});
