import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { MockApi } from '@clusterstream/dooki-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { googleEmailOracle, googleRuleApplies } from './helpers/google-email.js';
import { csvObjects, parseCsv } from './helpers/parse-csv.js';
import { mockArgs, runCli, startTestMock, tempDir } from './helpers/cli.js';
import { startRewritingProxy } from './helpers/rewriting-proxy.js';

// Recomputed here with node:crypto, independently of core's audience module.
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const HEX = /^[0-9a-f]{64}$/;

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const exportTo = async (api: MockApi | { url: string }, file: string, ...extra: string[]) => {
  const out = join(dir.path, file);
  const result = await runCli(mockArgs(api as MockApi, '--cluster', '1', '--out', out, ...extra));
  return { ...result, out };
};

describe('dooki-csv --preset meta-audience', () => {
  it("writes Meta's columns, every value a SHA-256 of the normalized field", async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 40 }] });
    const { code, out } = await exportTo(api, 'meta.csv', '--preset', 'meta-audience');
    expect(code).toBe(0);
    const parsed = parseCsv(readFileSync(out, 'utf8'));
    expect(parsed.bom).toBe(false);
    expect(parsed.header).toEqual(['email', 'phone', 'fn', 'ln', 'ct', 'st', 'country', 'doby']);
    const rows = csvObjects(parsed);
    expect(rows).toHaveLength(40);
    rows.forEach((row, index) => {
      const customer = api.control.customer(api.control.members(1)[index]!);
      expect(row.email).toBe(sha256(customer.email.trim().toLowerCase()));
      expect(row.phone).toBe(sha256(`55${customer.phone.full_number}`));
      expect(row.fn).toBe(sha256(customer.first_name.toLowerCase().replace(/[^\p{L}]/gu, '')));
      expect(row.ln).toBe(sha256(customer.last_name.toLowerCase().replace(/[^\p{L}]/gu, '')));
      expect(row.country).toBe(sha256('br'));
      expect(row.doby).toBe(customer.birthday ? sha256(customer.birthday.slice(0, 4)) : '');
      for (const value of Object.values(row)) expect(value === '' || HEX.test(value)).toBe(true);
    });
  });

  it('--hash none writes the normalized values instead', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    const { code, out } = await exportTo(
      api,
      'meta.csv',
      '--preset',
      'meta-audience',
      '--hash',
      'none',
    );
    expect(code).toBe(0);
    const [first] = csvObjects(parseCsv(readFileSync(out, 'utf8')));
    const customer = api.control.customer(api.control.members(1)[0]!);
    expect(first).toMatchObject({
      email: customer.email.toLowerCase(),
      phone: `55${customer.phone.full_number}`,
      country: 'br',
    });
  });

  it('splits a cluster beyond --rows-per-file into numbered files, each with the header (gzip too)', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 25 }] });
    writeFileSync(join(dir.path, 'vip.csv.gz'), 'an older export');
    const { code, stderr } = await exportTo(
      api,
      'vip.csv.gz',
      '--preset',
      'meta-audience',
      '--rows-per-file',
      '10',
      '--page-size',
      '7', // pages straddle the file boundaries
      '--gzip',
    );
    expect(code).toBe(0);
    expect(readdirSync(dir.path).sort()).toEqual(['vip-1.csv.gz', 'vip-2.csv.gz', 'vip-3.csv.gz']);
    const parts = [1, 2, 3].map((n) =>
      parseCsv(gunzipSync(readFileSync(join(dir.path, `vip-${n}.csv.gz`))).toString('utf8')),
    );
    expect(parts.map((part) => part.rows.length)).toEqual([10, 10, 5]);
    for (const part of parts) expect(part.header[0]).toBe('email');
    const emails = parts.flatMap((part) => part.rows.map(([email]) => email));
    expect(emails).toEqual(
      api.control.members(1).map((id) => sha256(api.control.customer(id).email.toLowerCase())),
    );
    for (const n of [1, 2, 3])
      expect(statSync(join(dir.path, `vip-${n}.csv.gz`)).mode & 0o777).toBe(0o600);
    expect(stderr).toContain('3 files of at most 10 records');
  });

  it('keeps one file under the name given when the cluster fits', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 10 }] });
    const { code } = await exportTo(
      api,
      'vip.csv',
      '--preset',
      'meta-audience',
      '--rows-per-file',
      '10',
    );
    expect(code).toBe(0);
    expect(readdirSync(dir.path)).toEqual(['vip.csv']);
    expect(parseCsv(readFileSync(join(dir.path, 'vip.csv'), 'utf8')).rows).toHaveLength(10);
  });
});

describe('dooki-csv --preset google-customer-match', () => {
  it("writes Google's template headers: hashed email, E.164 phone and names; Country and Zip in clear", async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 30 }] });
    const { code, out } = await exportTo(api, 'google.csv', '--preset', 'google-customer-match');
    expect(code).toBe(0);
    const parsed = parseCsv(readFileSync(out, 'utf8'));
    expect(parsed.header).toEqual(['Email', 'Phone', 'First Name', 'Last Name', 'Country', 'Zip']);
    const rows = csvObjects(parsed);
    expect(rows).toHaveLength(30);
    const customers = api.control.members(1).map((id) => api.control.customer(id));
    // The sample must hold dotted Gmail addresses, where Google's rule differs from lower-casing.
    expect(
      customers.filter((customer) => googleRuleApplies(customer.email)).length,
    ).toBeGreaterThan(0);
    rows.forEach((row, index) => {
      const customer = customers[index]!;
      expect(row.Email).toBe(sha256(googleEmailOracle(customer.email)));
      expect(row.Phone).toBe(sha256(`+55${customer.phone.full_number}`));
      expect(row['First Name']).toBe(sha256(customer.first_name.toLowerCase()));
      expect(row['Last Name']).toBe(sha256(customer.last_name.toLowerCase()));
      expect(row.Country).toBe('BR');
      expect(row.Zip).toBe('');
    });
  });

  it("--hash none keeps the phone's + (no formula escaping on it)", async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 3 }] });
    const { code, out } = await exportTo(
      api,
      'google.csv',
      '--preset',
      'google-customer-match',
      '--hash',
      'none',
    );
    expect(code).toBe(0);
    const [first] = csvObjects(parseCsv(readFileSync(out, 'utf8')));
    const customer = api.control.customer(api.control.members(1)[0]!);
    expect(first!.Phone).toBe(`+55${customer.phone.full_number}`);
  });
});

describe('customers without a usable email or phone', () => {
  it('leaves them empty (never guessed) and counts them in the summary', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 6 }] });
    const ids = api.control.members(1);
    await using proxy = await startRewritingProxy(api.url, (customer) => {
      const index = ids.indexOf(customer.id as number);
      if (index === 0) customer.phone = { full_number: '98765-4321' }; // no area code
      if (index === 1) customer.email = 'ana silva@example.com';
      if (index === 2) {
        customer.phone = null;
        customer.email = null;
      }
      if (index === 3) customer.phone = { full_number: '+55 (11) 98765-4321' };
    });
    const { code, out, stderr } = await exportTo(
      proxy,
      'meta.csv',
      '--preset',
      'meta-audience',
      '--hash',
      'none',
    );
    expect(code).toBe(0);
    const rows = csvObjects(parseCsv(readFileSync(out, 'utf8')));
    expect(rows.map((row) => row.phone)).toEqual([
      '',
      expect.stringMatching(/^55\d{11}$/),
      '',
      '5511987654321',
      expect.stringMatching(/^55\d{11}$/),
      expect.stringMatching(/^55\d{11}$/),
    ]);
    expect(rows[1]!.email).toBe('');
    expect(stderr).toContain(
      'dooki-csv: meta-audience: 2 rows without a usable email, 2 without a usable phone (1 with neither)\n',
    );
  });
});

describe('usage', () => {
  it.each([
    [
      ['--preset', 'tiktok'],
      '--preset must be one of meta-audience, google-customer-match, got "tiktok"',
    ],
    [
      ['--preset', 'meta-audience', '--columns', 'id'],
      '--preset meta-audience sets the columns: drop --columns',
    ],
    [
      ['--preset', 'meta-audience', '--format', 'excel-br'],
      "--preset meta-audience writes the platform's CSV: drop --format",
    ],
    [['--hash', 'none'], '--hash needs --preset'],
    [
      ['--preset', 'meta-audience', '--hash', 'md5'],
      '--hash must be one of sha256, none, got "md5"',
    ],
    [
      ['--preset', 'meta-audience', '--rows-per-file', 'many'],
      '--rows-per-file must be a whole number',
    ],
  ])('%j is a usage error before any request', async (flags, message) => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 3 }] });
    const result = await runCli(
      mockArgs(api, '--cluster', '1', '--out', join(dir.path, 'x.csv'), ...flags),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(api.requests).toHaveLength(0);
  });
});
