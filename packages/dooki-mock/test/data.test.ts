import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startMockApi, type Customer } from '../src/index.js';
import { call, customersPath } from './helpers.js';

/** CPF check digits, written independently of the generator. */
function cpfOk(cpf: string): boolean {
  if (!/^\d{11}$/.test(cpf) || new Set(cpf).size === 1) return false;
  const d = cpf.split('').map(Number);
  const digit = (n: number) => {
    const sum = d.slice(0, n).reduce((acc, x, i) => acc + x * (n + 1 - i), 0);
    return ((sum * 10) % 11) % 10;
  };
  return digit(9) === d[9] && digit(10) === d[10];
}

/** The page body with the server's own origin (a random port) taken out of the links. */
const page = async (seed: number, query: string) => {
  await using api = await startMockApi({ seed, clusters: [{ id: 1, size: 500 }] });
  return (await call(api, customersPath(1, query))).text.replaceAll(api.url, '<base>');
};
const digest = (text: string) => createHash('sha256').update(text).digest('hex');

describe('generated customers', () => {
  it('are byte-identical for the same seed and differ for another seed', async () => {
    const a = await page(42, 'page=3&limit=100');
    expect(digest(await page(42, 'page=3&limit=100'))).toBe(digest(a));
    const b = await page(43, 'page=3&limit=100');
    expect(digest(b)).not.toBe(digest(a));
    expect((JSON.parse(b) as { data: Customer[] }).data.map((c: Customer) => c.id)).toEqual(
      (JSON.parse(a) as { data: Customer[] }).data.map((c: Customer) => c.id),
    );
  });

  it('carry every field of the real schema with realistic pt-BR values', async () => {
    await using api = await startMockApi({
      seed: 9,
      alias: 'loja-teste',
      clusters: [{ id: 7, size: 300 }],
    });
    const reply = await call(api, '/loja-teste/customers/clusters/7/customers?limit=100&page=2');
    const customers = reply.json.data as Customer[];
    expect(customers).toHaveLength(100);
    for (const c of customers) {
      expect(c).toEqual(api.control.customer(c.id));
      expect(c).toMatchObject({
        cluster_id: 7,
        marketplace_id: null,
        anonymized: false,
        merchant_id: expect.any(Number),
      });
      expect(['f', 'j']).toContain(c.type);
      if (c.type === 'f') {
        expect(cpfOk(c.cpf!)).toBe(true);
        expect(c).toMatchObject({ razao_social: null, cnpj: null, state_registration: null });
      } else {
        expect(c.cnpj).toMatch(/^\d{14}$/);
      }
      expect(c.name).toBe(`${c.first_name} ${c.last_name}`);
      expect(c.email).toMatch(/^[a-z.]+\d*@[a-z.]+$/);
      expect(c.phone.formated_number).toMatch(/^\(\d{2}\) 9\d{4}-\d{4}$/);
      expect(c.phone.full_number).toBe(`${c.phone.area_code}${c.phone.number}`);
      expect(c.phone.whatsapp_link).toBe(
        `https://api.whatsapp.com/send?phone=55${c.phone.full_number}`,
      );
      expect(c.token).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(c.login_url).toBe(
        `https://loja-teste.lojavirtual.com.br/auth/login/force?token=${c.token}`,
      );
      expect(c.ip).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
      if (c.birthday !== null) expect(c.birthday).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const date of [c.created_at, c.updated_at, c.spreadsheet.data.last_order_date]) {
        expect(date).toEqual({
          date: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.000000$/),
          timezone_type: 3,
          timezone: 'America/Sao_Paulo',
        });
      }
      const sheet = c.spreadsheet.data;
      expect(sheet.uf).toMatch(/^[A-Z]{2}$/);
      expect(sheet.phone).toBe(c.phone.formated_number);
      expect(sheet.phone_code).toBe(c.phone.area_code);
      expect(sheet.last_order_value).toMatch(/^\d+\.\d{2}$/);
    }
    // Nullable fields really are null for some customers and set for others.
    for (const field of ['birthday', 'social_id', 'utm_source', 'notes'] as const) {
      const values = customers.map((c) => c[field]);
      expect(values).toContain(null);
      expect(values.some((v) => v !== null)).toBe(true);
    }
  });

  it('serves ASCII-only JSON with accents escaped as \\uXXXX, like PHP json_encode', async () => {
    await using api = await startMockApi({ seed: 1, clusters: [{ id: 1, size: 200 }] });
    const reply = await call(api, customersPath(1, 'limit=100'));
    expect(/^[\x20-\x7e]*$/.test(reply.text)).toBe(true);
    expect(reply.text).toMatch(/\\u00[0-9a-f]{2}/);
    expect(Number(reply.headers.get('content-length'))).toBe(reply.text.length);
    const names = (reply.json.data as Customer[]).map((c) => c.name).join(' ');
    expect(names).toMatch(/[áâãçéêíóôõú]/);
  });

  it('reports cluster_id null for a customer in no cluster', async () => {
    await using api = await startMockApi({ clusters: [{ id: 1, size: 10 }] });
    expect(api.control.customer(3).cluster_id).toBe(1);
    expect(api.control.customer(11).cluster_id).toBeNull();
    api.control.removeMembers(1, [3]);
    expect(api.control.customer(3).cluster_id).toBeNull();
  });
});
