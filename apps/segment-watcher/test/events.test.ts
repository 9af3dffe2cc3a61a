import { describe, expect, it } from 'vitest';
import { buildChange, eventId, type ChangeKey } from '../src/events.js';
import { contentHash, parseFieldList, pickPayload } from '../src/scan/customer-fields.js';

const key: ChangeKey = {
  alias: 'demo-store',
  clusterId: 1,
  customerId: 42,
  type: 'customer.joined',
  scan: 3,
};

describe('event ids', () => {
  it('are the same for the same change and differ when any part differs', () => {
    expect(eventId(key)).toBe(eventId({ ...key }));
    expect(eventId(key)).toMatch(/^evt_[0-9a-f]{32}$/);
    const variants: ChangeKey[] = [
      { ...key, alias: 'other-store' },
      { ...key, clusterId: 2 },
      { ...key, customerId: 43 },
      { ...key, type: 'customer.left' },
      { ...key, scan: 4 },
    ];
    const ids = new Set([key, ...variants].map(eventId));
    expect(ids.size).toBe(6);
  });

  it('build an event with the id, the scan and the detection time', () => {
    const change = buildChange(key, new Date('2026-11-28T18:00:00Z'), { id: 42, name: 'Ana' });
    expect(change).toEqual({
      id: eventId(key),
      type: 'customer.joined',
      alias: 'demo-store',
      cluster_id: 1,
      customer_id: 42,
      scan: 3,
      detected_at: '2026-11-28T18:00:00.000Z',
      data: { id: 42, name: 'Ana' },
    });
  });
});

describe('payload fields', () => {
  const customer = {
    id: 7,
    name: 'Ana',
    email: 'a@x.br',
    token: 't',
    phone: { full_number: '1699' },
  };

  it('picks dotted paths into flat keys, with null for what is missing', () => {
    expect(pickPayload(customer, ['name', 'phone.full_number', 'cpf'])).toEqual({
      id: 7,
      name: 'Ana',
      'phone.full_number': '1699',
      cpf: null,
    });
  });

  it('refuses the secret fields and malformed paths', () => {
    expect(() => parseFieldList(['name', 'token'], '--fields')).toThrow(/secret/);
    expect(() => parseFieldList(['spreadsheet.login_url'], '--fields')).toThrow(/secret/);
    expect(() => parseFieldList(['na me'], '--fields')).toThrow(/field path/);
    expect(parseFieldList([' name', 'email', 'name', ''], '--fields')).toEqual(['name', 'email']);
  });

  it('hashes only the chosen fields', () => {
    const base = contentHash(customer, ['name', 'email']);
    expect(contentHash({ ...customer, token: 'other' }, ['name', 'email'])).toBe(base);
    expect(contentHash({ ...customer, email: 'b@x.br' }, ['name', 'email'])).not.toBe(base);
  });
});
