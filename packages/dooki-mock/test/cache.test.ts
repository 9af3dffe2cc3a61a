import { describe, expect, it } from 'vitest';
import { startMockApi } from '../src/index.js';
import { call, customersPath } from './helpers.js';

const ids = (json: { data: { id: number }[] }) => json.data.map((c) => c.id);

describe('30-minute response cache', () => {
  it('serves stale pages until skipCache=true or the TTL passes', async () => {
    await using api = await startMockApi({ clusters: [{ id: 1, size: 20 }], rateLimit: false });
    const before = await call(api, customersPath(1, 'limit=100'));
    api.control.removeMembers(1, [1, 2]);
    const stale = await call(api, customersPath(1, 'limit=100'));
    expect(stale.text).toBe(before.text);
    const fresh = await call(api, customersPath(1, 'limit=100&skipCache=true'));
    expect(ids(fresh.json)).toEqual(api.control.members(1));
    expect(fresh.json.meta.pagination.total).toBe(18);

    api.control.advanceClock(29 * 60_000);
    expect((await call(api, customersPath(1, 'limit=100'))).text).toBe(before.text);
    api.control.advanceClock(60_000);
    const expired = await call(api, customersPath(1, 'limit=100'));
    expect(ids(expired.json)).toEqual(api.control.members(1));
  });

  it('keys entries by full URL and credential', async () => {
    await using api = await startMockApi({ clusters: [{ id: 1, size: 20 }], rateLimit: false });
    await call(api, customersPath(1, 'limit=5'));
    api.control.churn(1, { leave: 5 });
    const other = await call(api, customersPath(1, 'limit=5&page=1&x=1'));
    expect(ids(other.json)).toEqual(api.control.members(1).slice(0, 5));
    const next = api.control.rotateCredentials();
    const headers = { 'User-Token': next.userToken, 'User-Secret-Key': next.userSecretKey };
    const asOther = await call(api, customersPath(1, 'limit=5'), { headers });
    expect(ids(asOther.json)).toEqual(api.control.members(1).slice(0, 5));
  });

  it('is disabled with cacheTtlMs: 0', async () => {
    await using api = await startMockApi({ clusters: [{ id: 1, size: 20 }], cacheTtlMs: 0 });
    await call(api, customersPath(1));
    api.control.removeMembers(1, [1]);
    expect(ids((await call(api, customersPath(1))).json)[0]).toBe(2);
  });
});
