import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockApi, type MockApi } from '../src/index.js';
import { AUTH, call, customersPath } from './helpers.js';

const UNAUTHENTICATED = { message: 'Unauthenticated.', status_code: 401 };

describe('auth, store state and not-found', () => {
  let api: MockApi;
  beforeAll(async () => {
    api = await startMockApi({ rateLimit: false });
  });
  afterAll(() => api.close());

  it('needs both headers, with the right values', async () => {
    const cases: Record<string, string>[] = [
      {},
      { 'User-Token': AUTH['User-Token'] },
      { 'User-Secret-Key': AUTH['User-Secret-Key'] },
      { ...AUTH, 'User-Token': 'wrong' },
      { ...AUTH, 'User-Secret-Key': 'wrong' },
    ];
    for (const headers of cases) {
      const reply = await call(api, customersPath(1), { headers });
      expect(reply.status).toBe(401);
      expect(reply.json).toEqual(UNAUTHENTICATED);
    }
    expect((await call(api, customersPath(1))).status).toBe(200);
    expect(api.requests.slice(0, 5).map((r) => r.credential)).toEqual([
      'missing',
      'missing',
      'missing',
      'invalid',
      'invalid',
    ]);
  });

  it('rotates credentials like a password change: old ones get 401, new ones work', async () => {
    const next = api.control.rotateCredentials({
      userToken: 'new-token',
      userSecretKey: 'new-secret',
    });
    expect(next).toEqual({ userToken: 'new-token', userSecretKey: 'new-secret' });
    expect((await call(api, customersPath(1))).json).toEqual(UNAUTHENTICATED);
    const fresh = { 'User-Token': 'new-token', 'User-Secret-Key': 'new-secret' };
    expect((await call(api, customersPath(1), { headers: fresh })).status).toBe(200);
    const random = api.control.rotateCredentials();
    expect(random.userToken).not.toBe('new-token');
    expect(api.credentials).toEqual(random);
    expect((await call(api, customersPath(1), { headers: fresh })).status).toBe(401);
    api.control.rotateCredentials({
      userToken: AUTH['User-Token'],
      userSecretKey: AUTH['User-Secret-Key'],
    });
  });

  it('answers 403 on every route while the store is inactive', async () => {
    api.control.setStoreActive(false);
    for (const path of [
      customersPath(1),
      '/demo-store/customers/clusters',
      '/demo-store/customers/clusters/1',
    ]) {
      const reply = await call(api, path);
      expect(reply.status).toBe(403);
      expect(reply.json).toMatchObject({ status_code: 403, message: expect.any(String) });
    }
    expect((await call(api, '/auth/me', { method: 'POST' })).status).toBe(403);
    api.control.setStoreActive(true);
    expect((await call(api, customersPath(1))).status).toBe(200);
  });

  it('answers 404 for an unknown alias, cluster or path', async () => {
    const alias = await call(api, '/other-store/customers/clusters/1/customers');
    expect(alias.status).toBe(404);
    expect(alias.json).toMatchObject({ status_code: 404 });
    for (const path of [
      customersPath(99),
      '/demo-store/customers/clusters/99',
      '/demo-store/customers/clusters/x/customers',
      '/demo-store/orders',
    ]) {
      const reply = await call(api, path);
      expect(reply.status).toBe(404);
      expect(reply.json).toMatchObject({ status_code: 404, message: expect.any(String) });
    }
  });

  it('serves POST /auth/me and refuses GET with 405', async () => {
    const me = await call(api, '/auth/me', { method: 'POST' });
    expect(me.status).toBe(200);
    expect(me.json.data.merchants.data[0]).toMatchObject({ alias: 'demo-store', active: true });
    expect((await call(api, '/auth/me')).status).toBe(405);
    expect((await call(api, '/auth/me', { method: 'POST', headers: {} })).status).toBe(401);
  });

  it('logs method, path, query, status and route without secrets', async () => {
    api.control.resetRequests();
    await call(api, customersPath(1, 'page=2&limit=5'));
    expect(api.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/v2/demo-store/customers/clusters/1/customers',
        query: { page: '2', limit: '5' },
        status: 200,
        route: 'cluster-customers',
        credential: 'valid',
      }),
    ]);
    expect(JSON.stringify(api.requests)).not.toContain(AUTH['User-Secret-Key']);
  });
});
