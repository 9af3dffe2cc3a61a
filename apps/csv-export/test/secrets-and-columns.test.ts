import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOMER_FIELDS } from '@clusterstream/core';
import { DEFAULT_CREDENTIALS } from '@clusterstream/dooki-mock';
import { describe, expect, it } from 'vitest';
import { csvObjects, parseCsv } from './helpers/parse-csv.js';
import { mockArgs, runCli, startTestMock, tempDir, testEnv } from './helpers/cli.js';

const leafPaths = (value: unknown, prefix = ''): string[] => {
  const isDate =
    typeof value === 'object' && value !== null && 'date' in value && 'timezone' in value;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isDate)
    return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    leafPaths(child, prefix === '' ? key : `${prefix}.${key}`),
  );
};

describe('--columns all', () => {
  it('has one column per field the API serves, flattened, minus token and login_url', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 20 }] });
    const result = await runCli(mockArgs(api, '--cluster', '1', '--columns', 'all'));
    expect(result.code).toBe(0);
    const parsed = parseCsv(result.stdout.text);
    const served = leafPaths(api.control.customer(api.control.members(1)[0]!)).sort();
    expect(CUSTOMER_FIELDS.map((field) => field.path).sort()).toEqual(served);
    expect([...parsed.header].sort()).toEqual(
      served.filter((path) => path !== 'token' && path !== 'login_url'),
    );
    const rows = csvObjects(parsed);
    for (const row of rows) {
      const customer = api.control.customer(Number(row.id));
      expect(row['spreadsheet.data.city']).toBe(customer.spreadsheet.data.city);
      expect(row['phone.formated_number']).toBe(customer.phone.formated_number);
      expect(row.cpf).toBe(customer.cpf ?? '');
      expect(result.stdout.text).not.toContain(customer.token);
    }
    expect(result.stdout.text).not.toContain('login/force');
  });

  it('--include-secrets adds token and login_url to all', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    const result = await runCli(
      mockArgs(api, '--cluster', '1', '--columns', 'all', '--include-secrets'),
    );
    const rows = csvObjects(parseCsv(result.stdout.text));
    for (const row of rows) {
      const customer = api.control.customer(Number(row.id));
      expect([row.token, row.login_url]).toEqual([customer.token, customer.login_url]);
    }
  });

  it('refuses a secret column without --include-secrets: exit 2, no request, no file', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    const dir = tempDir();
    try {
      const out = join(dir.path, 'x.csv');
      const result = await runCli(
        mockArgs(api, '--cluster', '1', '--columns', 'id,login_url', '--out', out),
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('column "login_url" is secret');
      expect(result.stderr).toContain('--include-secrets');
      expect(existsSync(out)).toBe(false);
      expect(api.requests).toHaveLength(0);
    } finally {
      dir.remove();
    }
  });

  it('uses given headers and warns about paths that are not customer fields', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 2 }] });
    const result = await runCli(
      mockArgs(api, '--cluster', '1', '--columns', 'id:Código,spreadsheet.data.city:Cidade,emial'),
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: column "emial" is not a documented customer field');
    const parsed = parseCsv(result.stdout.text);
    expect(parsed.header).toEqual(['Código', 'Cidade', 'emial']);
    const [id, city, typo] = parsed.rows[0]!;
    expect([city, typo]).toEqual([api.control.customer(Number(id)).spreadsheet.data.city, '']);
  });
});

describe('credentials', () => {
  it('never prints the credentials, even when they are rejected', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 5 }] });
    const env = testEnv({
      DOOKI_USER_TOKEN: 'wrong-token-123',
      DOOKI_USER_SECRET_KEY: 'wrong-secret-456',
    });
    const result = await runCli(mockArgs(api, '--cluster', '1'), { env });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/401/);
    expect(result.stderr).toContain('DOOKI_USER_TOKEN');
    expect(result.stderr).not.toContain('wrong-token-123');
    expect(result.stderr).not.toContain('wrong-secret-456');
  });

  it('accepts credential flags but warns that process lists show them', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 2 }] });
    const env = testEnv({ DOOKI_USER_TOKEN: '', DOOKI_USER_SECRET_KEY: '' });
    const args = [
      '--user-token',
      DEFAULT_CREDENTIALS.userToken,
      '--user-secret-key',
      DEFAULT_CREDENTIALS.userSecretKey,
    ];
    const result = await runCli(mockArgs(api, '--cluster', '1', ...args), { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'warning: --user-token is visible to other users in the process list',
    );
    expect(result.stderr).toContain('warning: --user-secret-key is visible');
    expect(result.stderr).not.toContain(DEFAULT_CREDENTIALS.userSecretKey);
    expect(parseCsv(result.stdout.text).rows).toHaveLength(2);
  });
});
