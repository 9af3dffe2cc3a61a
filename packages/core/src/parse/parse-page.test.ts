import { describe, expect, it } from 'vitest';
import { isDookiError } from '../errors/dooki-error.js';
import { parsePage, parseResource } from './parse-page.js';
import { SECRET_CUSTOMER_FIELDS, stripSecrets } from '../customer/secrets.js';

const meta = {
  pagination: { total: 2, count: 2, per_page: 10, current_page: 1, total_pages: 1, links: [] },
};

describe('parsePage', () => {
  it('keeps unknown fields and nulls exactly as served', () => {
    const customer = { id: 1, cluster_id: null, brand_new_field: { nested: true } };
    const page = parsePage<{ id: number }>({ data: [customer], meta }, { page: 1 });
    expect(page.items[0]).toBe(customer);
    expect(page.items[0]).toEqual({ id: 1, cluster_id: null, brand_new_field: { nested: true } });
  });

  it('normalizes numeric-string ids', () => {
    const page = parsePage<{ id: number }>({ data: [{ id: '42' }], meta }, { page: 1 });
    expect(page.items[0]!.id).toBe(42);
  });

  it.each([
    ['a non-object body', 'oops', 'not a JSON object'],
    ['a body without data', { meta }, 'no data array'],
    ['an item without id', { data: [{ name: 'x' }], meta }, 'data[0]'],
    ['an item that is null', { data: [{ id: 1 }, null], meta }, 'data[1]'],
    ['a page without meta', { data: [] }, 'meta.pagination'],
  ])('rejects %s with a bad-page error naming the page', (_name, body, detail) => {
    let caught: unknown;
    try {
      parsePage(body, { page: 7 });
    } catch (error) {
      caught = error;
    }
    expect(isDookiError(caught, 'DOOKI_ERR_BAD_PAGE')).toBe(true);
    expect((caught as Error).message).toContain(detail);
    expect((caught as Error).message).toContain('on page 7');
    expect((caught as { page?: number }).page).toBe(7);
  });
});

describe('parseResource', () => {
  it.each([
    ['wrapped in data', { data: { id: 3, name: 'VIP' } }],
    ['wrapped in a one-item data array', { data: [{ id: 3, name: 'VIP' }] }],
    ['bare', { id: 3, name: 'VIP' }],
  ])('unwraps a resource %s', (_name, body) => {
    expect(parseResource(body, {})).toEqual({ id: 3, name: 'VIP' });
  });

  it('rejects a body without an id', () => {
    expect(() => parseResource({ data: { name: 'x' } }, {})).toThrow(/integer id/);
  });
});

describe('stripSecrets', () => {
  it('drops token and login_url and leaves the original alone', () => {
    const customer = {
      id: 1,
      name: 'Ana',
      token: 'uuid',
      login_url: 'https://shop/auth/login/force?token=uuid',
    };
    const safe = stripSecrets(customer);
    expect(safe).toEqual({ id: 1, name: 'Ana' });
    expect(customer.token).toBe('uuid');
    expect(SECRET_CUSTOMER_FIELDS).toEqual(['token', 'login_url']);
  });
});
