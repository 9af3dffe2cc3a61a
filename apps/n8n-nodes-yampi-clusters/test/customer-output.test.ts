import { CUSTOMER_FIELDS, customerField, type Customer } from '@clusterstream/core';
import { describe, expect, it } from 'vitest';
import { SIMPLIFIED_FIELDS, shapeCustomer } from '../nodes/Yampi/helpers/customer-output';
import { startTestApi } from './fixtures';

describe("Simplify's fields come from core's customer model", () => {
  const paths = SIMPLIFIED_FIELDS.flatMap((field) => field.paths);

  it('every path read is a CUSTOMER_FIELDS path, and none is a secret', () => {
    const model = new Set(CUSTOMER_FIELDS.map((field) => field.path));
    expect(paths.filter((path) => !model.has(path))).toEqual([]);
    expect(paths.filter((path) => customerField(path)?.secret)).toEqual([]);
  });

  it('date output is read only from datetime fields', () => {
    const dates = SIMPLIFIED_FIELDS.filter((field) => field.as === 'date');
    expect(dates.flatMap((field) => field.paths.map((path) => customerField(path)?.kind))).toEqual(
      dates.flatMap((field) => field.paths.map(() => 'datetime')),
    );
  });

  it("gives a simulator customer's fields as served (secrets only on request)", async () => {
    const api = await startTestApi();
    try {
      const served = api.control.customer(api.control.members(2)[0]!) as unknown as Customer;
      const simple = shapeCustomer(served, { simplify: true, includeSecretFields: true });
      expect(simple).toEqual({
        id: served.id,
        name: served.name,
        first_name: served.first_name,
        last_name: served.last_name,
        email: served.email,
        phone: served.phone?.full_number,
        type: served.type,
        active: served.active,
        cluster_id: served.cluster_id,
        newsletter: served.newsletter,
        whatsapp: served.whatsapp,
        created_at: served.created_at?.date,
        updated_at: served.updated_at?.date,
        token: served.token,
        login_url: served.login_url,
      });
    } finally {
      await api.close();
    }
  });
});

describe('Simplify on records that stray from the documented shape', () => {
  const simplify = (record: object) => shapeCustomer({ id: 5, ...record }, { simplify: true });

  it('takes a phone served as plain text, or the formatted number when the full one is missing', () => {
    expect(simplify({ phone: '5511987654321' }).phone).toBe('5511987654321');
    expect(simplify({ phone: { formated_number: '(11) 98765-4321' } }).phone).toBe(
      '(11) 98765-4321',
    );
    expect(simplify({ phone: { full_number: 11987654321 } }).phone).toBeNull();
    expect(simplify({ phone: null }).phone).toBeNull();
  });

  it('takes dates served as text, and null for a timestamp without its date', () => {
    expect(simplify({ created_at: '2026-01-02 03:04:05' }).created_at).toBe('2026-01-02 03:04:05');
    expect(simplify({ created_at: { timezone: 'UTC' } }).created_at).toBeNull();
  });
});
