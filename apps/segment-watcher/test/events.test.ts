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

  it('refuses the secret fields and malformed paths, naming the flag', () => {
    expect(() => parseFieldList(['name', 'token'], '--fields')).toThrow(
      /^--fields: "token" is a secret/,
    );
    expect(() => parseFieldList(['spreadsheet.data.login_url'], '--track-updates')).toThrow(
      /^--track-updates: "spreadsheet.data.login_url" is a secret/,
    );
    expect(() => parseFieldList(['na me'], 'payloadFields')).toThrow(
      /^payloadFields: "na me" is not a field path/,
    );
    expect(parseFieldList([' name', 'email', 'name', ''], '--fields')).toEqual(['name', 'email']);
  });

  it('keeps payloads and hashes byte-identical to those already stored', () => {
    // Computed by the watcher's own path reader before it moved to core's (commit d671ffb):
    // state files written then must not see every member as updated now.
    const stored = {
      id: 4211,
      name: 'Ana Souza',
      email: 'ana@example.com.br',
      cpf: null,
      active: true,
      token: 'secret-token',
      login_url: 'https://shop.example/login/abc',
      phone: { area_code: '11', number: '987654321', full_number: '11987654321' },
      spreadsheet: { data: { city: 'São Paulo', last_order_value: 129.9, brands: ['A', 'B'] } },
      created_at: { date: '2026-01-02 03:04:05.000000', timezone: 'UTC', timezone_type: 3 },
    };
    const fields = [
      'name',
      'email',
      'cpf',
      'active',
      'phone.full_number',
      'spreadsheet.data.city',
      'spreadsheet.data.last_order_value',
      'spreadsheet.data.brands',
      'created_at',
      'birthday',
      'phone.missing.deeper',
    ];
    expect(contentHash(stored, ['name', 'email'])).toBe(490012576);
    expect(contentHash(stored, fields)).toBe(-667876178);
    expect(JSON.stringify(pickPayload(stored, fields))).toBe(
      '{"id":4211,"name":"Ana Souza","email":"ana@example.com.br","cpf":null,"active":true,' +
        '"phone.full_number":"11987654321","spreadsheet.data.city":"São Paulo",' +
        '"spreadsheet.data.last_order_value":129.9,"spreadsheet.data.brands":["A","B"],' +
        '"created_at":{"date":"2026-01-02 03:04:05.000000","timezone":"UTC","timezone_type":3},' +
        '"birthday":null,"phone.missing.deeper":null}',
    );
  });

  it('reads own properties only: nothing comes from the prototype chain', () => {
    expect(pickPayload({ id: 1 }, ['constructor', 'name.length'])).toEqual({
      id: 1,
      constructor: null,
      'name.length': null,
    });
    expect(contentHash({ id: 1 }, ['constructor', 'toString'])).toBe(
      contentHash({ id: 1, constructor: null, toString: null }, ['constructor', 'toString']),
    );
  });

  it('hashes only the chosen fields', () => {
    const base = contentHash(customer, ['name', 'email']);
    expect(contentHash({ ...customer, token: 'other' }, ['name', 'email'])).toBe(base);
    expect(contentHash({ ...customer, email: 'b@x.br' }, ['name', 'email'])).not.toBe(base);
  });
});
