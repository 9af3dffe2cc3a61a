import { describe, expect, it } from 'vitest';
import {
  generateStores,
  startMockApi,
  storeCredentials,
  storeSeed,
  type Credentials,
  type MockApi,
} from '../src/index.js';
import { call, idsOf, type Reply } from './helpers.js';

const UNAUTHENTICATED = { message: 'Unauthenticated.', status_code: 401 };

const headersOf = (credentials: Credentials): Record<string, string> => ({
  'User-Token': credentials.userToken,
  'User-Secret-Key': credentials.userSecretKey,
});

/** GET a store's cluster page with the given credentials. */
const page = (api: MockApi, alias: string, credentials: Credentials, query = 'limit=5') =>
  call(api, `/${alias}/customers/clusters/1/customers?${query}`, {
    headers: headersOf(credentials),
  });

async function admin(url: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Reply['json'] };
}

describe('generateStores', () => {
  it('is deterministic in its arguments and documents its credentials', () => {
    const stores = generateStores({
      count: 3,
      clustersPerStore: 2,
      membersPerCluster: 40,
      seed: 9,
    });
    expect(
      generateStores({ count: 3, clustersPerStore: 2, membersPerCluster: 40, seed: 9 }),
    ).toEqual(stores);
    expect(stores.map((s) => s.alias)).toEqual(['store-001', 'store-002', 'store-003']);
    for (const store of stores) {
      expect(store.credentials).toEqual(storeCredentials(9, store.alias));
      expect(store.seed).toBe(storeSeed(9, store.alias));
      expect(store.clusters).toEqual([
        { id: 1, size: 40 },
        { id: 2, size: 40 },
      ]);
    }
    const tokens = new Set(stores.map((s) => s.credentials?.userToken));
    expect(tokens.size).toBe(3);
    const reseeded = generateStores({ count: 3, seed: 10 });
    expect(reseeded[0]?.credentials).not.toEqual(stores[0]?.credentials);
    expect(reseeded[0]?.clusters).toEqual([
      { id: 1, size: 1000 },
      { id: 2, size: 1000 },
    ]);
    expect(generateStores({ count: 1000 }).at(-1)?.alias).toBe('store-1000');
    expect(generateStores({ count: 1000 })[0]?.alias).toBe('store-0001');
    expect(generateStores({ count: 2, aliasPrefix: 'loja-' })[1]?.alias).toBe('loja-002');
  });

  it('rejects bad sizes', () => {
    expect(() => generateStores({ count: 0 })).toThrow(RangeError);
    expect(() => generateStores({ count: 2, clustersPerStore: 1.5 })).toThrow(/clustersPerStore/);
    expect(() => generateStores({ count: 2, membersPerCluster: -1 })).toThrow(/membersPerCluster/);
  });
});

describe('one server, many stores', () => {
  it("accepts each store's credentials on its own alias only", async () => {
    const stores = generateStores({ count: 3, membersPerCluster: 30, seed: 5 });
    await using api = await startMockApi({ stores, rateLimit: false });
    const [a, b, c] = api.stores;
    expect(api.stores.map((s) => s.alias)).toEqual(['store-001', 'store-002', 'store-003']);
    expect(api.alias).toBe('store-001');
    expect(a?.credentials).toEqual(storeCredentials(5, 'store-001'));
    for (const store of [a!, b!, c!]) {
      const own = await page(api, store.alias, store.credentials);
      expect(own.status).toBe(200);
      expect(own.json.meta.pagination.total).toBe(30);
    }
    const crossed = await page(api, b!.alias, a!.credentials);
    expect(crossed.status).toBe(401);
    expect(crossed.json).toEqual(UNAUTHENTICATED);
    expect(api.requests.at(-1)).toMatchObject({ alias: 'store-002', credential: 'invalid' });
    expect(api.store('store-002').requests.map((r) => r.status)).toEqual([200, 401]);

    // Each store serves its own customers (its own seed and merchant).
    const first = await page(api, a!.alias, a!.credentials, 'limit=1');
    const second = await page(api, b!.alias, b!.credentials, 'limit=1');
    expect(first.json.data[0].id).toBe(second.json.data[0].id);
    expect(first.json.data[0].merchant_id).not.toBe(second.json.data[0].merchant_id);
    expect(first.json.data[0].cpf).not.toBe(second.json.data[0].cpf);

    const me = await call(api, '/auth/me', { method: 'POST', headers: headersOf(b!.credentials) });
    expect(me.status).toBe(200);
    expect((me.json.data.merchants.data as { alias: string }[]).map((m) => m.alias)).toEqual([
      'store-002',
    ]);
  });

  it('answers an unknown alias with 404 for known credentials and 401 for unknown ones', async () => {
    await using api = await startMockApi({
      stores: generateStores({ count: 2 }),
      rateLimit: false,
    });
    const known = api.store('store-002').credentials;
    const missing = await page(api, 'store-404', known);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ message: 'Merchant not found.', status_code: 404 });
    const stranger = await page(api, 'store-404', { userToken: 'x', userSecretKey: 'y' });
    expect(stranger.status).toBe(401);
    expect(stranger.json).toEqual(UNAUTHENTICATED);
    expect(() => api.store('store-404')).toThrow(RangeError);
  });

  it("keeps one rate budget per store: exhausting one leaves the others' intact", async () => {
    await using api = await startMockApi({
      stores: [
        ...generateStores({ count: 2, membersPerCluster: 20 }),
        { alias: 'unlimited', rateLimit: false },
      ],
      rateLimit: { limit: 2, windowMs: 60_000 },
    });
    const [a, b, unlimited] = api.stores;
    expect((await page(api, a!.alias, a!.credentials)).status).toBe(200);
    expect((await page(api, a!.alias, a!.credentials)).status).toBe(200);
    const limited = await page(api, a!.alias, a!.credentials);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ message: 'Too Many Requests' });

    const other = await page(api, b!.alias, b!.credentials);
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-remaining')).toBe('1');
    for (let i = 0; i < 4; i++) {
      expect((await page(api, unlimited!.alias, unlimited!.credentials)).status).toBe(200);
    }
    const statusesOf = (alias: string) =>
      api.requests.filter((r) => r.alias === alias).map((r) => r.status);
    expect(statusesOf('store-001')).toEqual([200, 200, 429]);
    expect(statusesOf('store-002')).toEqual([200]);
    expect(statusesOf('unlimited')).toEqual([200, 200, 200, 200]);
  });

  it('keeps budgets apart even for one credential reaching two stores', async () => {
    const owner = { userToken: 'owner-token', userSecretKey: 'owner-secret' };
    await using api = await startMockApi({
      stores: [
        { alias: 'loja-a', credentials: owner },
        { alias: 'loja-b', credentials: owner },
      ],
      rateLimit: { limit: 1, windowMs: 60_000 },
    });
    expect((await page(api, 'loja-a', owner)).status).toBe(200);
    expect((await page(api, 'loja-a', owner)).status).toBe(429);
    const b = await page(api, 'loja-b', owner);
    expect(b.status).toBe(200);
    expect(b.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it("churns, lists and clears one store's state through /__admin/stores/:alias", async () => {
    const stores = generateStores({ count: 2, membersPerCluster: 50, seed: 3 });
    await using api = await startMockApi({ stores, rateLimit: false });
    const b = api.store('store-002');
    expect(b.adminUrl).toBe(`${api.adminUrl}/stores/store-002`);

    const listed = await admin(api.adminUrl, 'GET', '/stores');
    expect(listed.status).toBe(200);
    expect(listed.json.stores).toEqual([
      expect.objectContaining({
        alias: 'store-001',
        credentials: storeCredentials(3, 'store-001'),
        storeActive: true,
        credentialsRevoked: false,
      }),
      expect.objectContaining({
        alias: 'store-002',
        clusters: [
          { id: 1, name: expect.any(String), memberCount: 50 },
          { id: 2, name: expect.any(String), memberCount: 50 },
        ],
      }),
    ]);

    const churn = await admin(b.adminUrl, 'POST', '/clusters/1/churn', { join: 7, leave: 4 });
    expect(churn.status).toBe(200);
    expect(churn.json.joined).toHaveLength(7);
    expect(churn.json.left).toHaveLength(4);
    expect(b.control.memberCount(1)).toBe(53);
    expect(api.store('store-001').control.memberCount(1)).toBe(50);
    expect(api.store('store-001').control.step).toBe(0);

    const scanned = await page(api, b.alias, b.credentials, 'limit=100&skipCache=true');
    expect(idsOf(scanned)).toEqual(b.control.members(1));
    const members = await admin(b.adminUrl, 'GET', '/clusters/1/members');
    expect(members.json).toMatchObject({ count: 53, members: b.control.members(1) });
    expect((await admin(b.adminUrl, 'GET', '/state')).json).toMatchObject({
      alias: 'store-002',
      step: 1,
    });

    const a = api.store('store-001');
    await page(api, a.alias, a.credentials);
    const log = await admin(b.adminUrl, 'GET', '/requests');
    expect(log.json.requests).toHaveLength(1);
    expect(log.json.requests[0]).toMatchObject({ alias: 'store-002', status: 200 });
    expect((await admin(api.adminUrl, 'GET', '/requests')).json.requests).toHaveLength(2);
    await admin(b.adminUrl, 'DELETE', '/requests');
    expect(api.requests.map((r) => r.alias)).toEqual(['store-001']);

    expect(await admin(api.adminUrl, 'GET', '/stores/nope/state')).toMatchObject({
      status: 404,
      json: { message: expect.stringContaining('nope') },
    });
  });

  it('revokes credentials (401) and deactivates a store (403), one store at a time', async () => {
    await using api = await startMockApi({
      stores: generateStores({ count: 2, membersPerCluster: 10 }),
      rateLimit: false,
    });
    const a = api.store('store-001');
    const b = api.store('store-002');

    await admin(a.adminUrl, 'POST', '/revoke');
    const revoked = await page(api, a.alias, a.credentials);
    expect(revoked.status).toBe(401);
    expect(revoked.json).toEqual(UNAUTHENTICATED);
    expect((await page(api, b.alias, b.credentials)).status).toBe(200);
    await admin(a.adminUrl, 'POST', '/reinstate');
    expect((await page(api, a.alias, a.credentials)).status).toBe(200);

    b.control.revokeCredentials();
    expect((await page(api, b.alias, b.credentials)).status).toBe(401);
    b.control.reinstateCredentials();
    expect((await page(api, b.alias, b.credentials)).status).toBe(200);

    await admin(a.adminUrl, 'POST', '/store-active', { active: false });
    const inactive = await page(api, a.alias, a.credentials);
    expect(inactive.status).toBe(403);
    expect(inactive.json).toEqual({ message: 'This action is unauthorized.', status_code: 403 });
    for (const path of ['/store-001/customers/clusters', '/store-001/customers/clusters/1']) {
      expect((await call(api, path, { headers: headersOf(a.credentials) })).status).toBe(403);
    }
    expect((await page(api, b.alias, b.credentials)).status).toBe(200);
    expect((await admin(a.adminUrl, 'GET', '/state')).json).toMatchObject({ storeActive: false });

    b.control.setStoreActive(false);
    expect((await page(api, b.alias, b.credentials)).status).toBe(403);
    a.control.setStoreActive(true);
    b.control.setStoreActive(true);
    expect((await page(api, a.alias, a.credentials)).status).toBe(200);
    expect((await page(api, b.alias, b.credentials)).status).toBe(200);
  });

  it('lets one user reach several stores when they share credentials (auth/me lists them)', async () => {
    const shared = { userToken: 'owner-token', userSecretKey: 'owner-secret' };
    await using api = await startMockApi({
      stores: [
        { alias: 'loja-a', credentials: shared },
        { alias: 'loja-b', credentials: shared, storeActive: false },
        { alias: 'loja-c' },
      ],
      rateLimit: false,
    });
    expect((await page(api, 'loja-a', shared)).status).toBe(200);
    expect((await page(api, 'loja-b', shared)).status).toBe(403);
    expect((await page(api, 'loja-c', shared)).status).toBe(401);
    expect(api.store('loja-c').credentials).toEqual(storeCredentials(1, 'loja-c'));
    const me = await call(api, '/auth/me', { method: 'POST', headers: headersOf(shared) });
    expect(me.json.data.merchants.data).toEqual([
      expect.objectContaining({ alias: 'loja-a', active: true }),
      expect.objectContaining({ alias: 'loja-b', active: false }),
    ]);
  });

  it('serves the single-store data when a store is given the same seed and alias', async () => {
    await using single = await startMockApi({ rateLimit: false });
    await using many = await startMockApi({
      stores: [{ alias: 'demo-store', seed: 1, credentials: single.credentials }, { alias: 'x' }],
      rateLimit: false,
    });
    const one = await page(single, 'demo-store', single.credentials, 'page=3&limit=7');
    const other = await page(many, 'demo-store', single.credentials, 'page=3&limit=7');
    expect(one.status).toBe(200);
    expect(other.text).toBe(one.text.replaceAll(single.url, many.url));
  });

  it('rejects contradictory or duplicate store options', async () => {
    await expect(startMockApi({ stores: [] })).rejects.toThrow(RangeError);
    await expect(startMockApi({ stores: [{ alias: 'a' }, { alias: 'a' }] })).rejects.toThrow(
      /duplicate store alias "a"/,
    );
    await expect(startMockApi({ alias: 'a', stores: [{ alias: 'b' }] })).rejects.toThrow(TypeError);
    await expect(startMockApi({ stores: [{ alias: 'bad alias' }] })).rejects.toThrow(RangeError);
  });

  it('starts 50 stores of 2 x 2000 members without materialising them and serves the last page of the last store', async () => {
    await using api = await startMockApi({
      stores: generateStores({ count: 50, clustersPerStore: 2, membersPerCluster: 2000, seed: 11 }),
      rateLimit: false,
    });
    expect(api.stores).toHaveLength(50);
    const last = api.store('store-050');
    const reply = await page(api, last.alias, last.credentials, 'page=20&limit=100');
    expect(reply.status).toBe(200);
    expect(reply.json.meta.pagination).toMatchObject({ total: 2000, current_page: 20, count: 100 });
    const data = reply.json.data as { id: number; cluster_id: number | null }[];
    expect(data.at(-1)).toMatchObject({ id: 2000, cluster_id: 1 });
  });
});
