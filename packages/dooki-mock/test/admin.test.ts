import { describe, expect, it } from 'vitest';
import { startMockApi, type MockApi } from '../src/index.js';
import { AUTH, call, customersPath, scanIds, type Reply } from './helpers.js';

async function admin(api: MockApi, method: string, path: string, body?: unknown) {
  const res = await fetch(`${api.adminUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Reply['json'] };
}

describe('/__admin HTTP control API', () => {
  it('reads members and drives churn, add and remove', async () => {
    await using api = await startMockApi({
      clusters: [
        { id: 1, size: 40 },
        { id: 2, size: 5 },
      ],
      rateLimit: false,
    });
    const members = await admin(api, 'GET', '/clusters/1/members');
    expect(members.json).toMatchObject({ clusterId: 1, step: 0, count: 40 });
    expect(members.json.members).toEqual(api.control.members(1));
    expect((await admin(api, 'GET', '/clusters/1/members?offset=10&limit=3')).json.members).toEqual(
      [11, 12, 13],
    );

    const churn = await admin(api, 'POST', '/clusters/1/churn', { join: 4, leave: 2 });
    expect(churn.json).toMatchObject({ step: 1 });
    expect(churn.json.joined).toHaveLength(4);
    expect((await admin(api, 'POST', '/clusters/1/add', { ids: [500] })).json).toEqual({
      count: 43,
    });
    expect((await admin(api, 'POST', '/clusters/1/remove', { ids: [500, 3] })).json).toEqual({
      count: 41,
    });
    expect(await scanIds(api, 1)).toEqual(api.control.members(1));
    expect((await admin(api, 'GET', '/customers/41')).json).toEqual(api.control.customer(41));
    expect((await admin(api, 'GET', '/state')).json).toMatchObject({
      step: 1,
      clusters: [{ id: 1, memberCount: 41 }, { id: 2 }],
    });
  });

  it('adds faults (times null = always), rotates, toggles the store, rate limit and clock', async () => {
    await using api = await startMockApi({ clusters: [{ id: 1, size: 40 }] });
    await admin(api, 'POST', '/faults', {
      match: { page: 2 },
      times: null,
      fault: { kind: 'status', status: 502 },
    });
    expect((await call(api, customersPath(1, 'page=2'))).status).toBe(502);
    expect((await call(api, customersPath(1, 'page=2'))).status).toBe(502);
    await admin(api, 'DELETE', '/faults');
    expect((await call(api, customersPath(1, 'page=2'))).status).toBe(200);

    const rotated = await admin(api, 'POST', '/rotate', { userToken: 't2', userSecretKey: 's2' });
    expect(rotated.json).toEqual({ userToken: 't2', userSecretKey: 's2' });
    expect((await call(api, customersPath(1))).status).toBe(401);
    const headers = { 'User-Token': 't2', 'User-Secret-Key': 's2' };
    await admin(api, 'POST', '/store-active', { active: false });
    expect((await call(api, customersPath(1), { headers })).status).toBe(403);
    await admin(api, 'POST', '/store-active', { active: true });

    await admin(api, 'POST', '/rate-limit', { limit: 1, windowMs: 60_000 });
    expect((await call(api, customersPath(1), { headers })).status).toBe(200);
    expect((await call(api, customersPath(1), { headers })).status).toBe(429);
    await admin(api, 'POST', '/rate-limit', false);
    expect((await call(api, customersPath(1), { headers })).status).toBe(200);

    api.control.removeMembers(1, [1]);
    expect((await call(api, customersPath(1), { headers })).json.data[0].id).toBe(1);
    await admin(api, 'POST', '/clock', { advanceMs: 31 * 60_000 });
    expect((await call(api, customersPath(1), { headers })).json.data[0].id).toBe(2);
    await admin(api, 'POST', '/quirks', { numbersAsStrings: true });
    expect((await call(api, customersPath(1), { headers })).json.meta.pagination.total).toBe('39');
  });

  it('lists and clears the request log, which excludes admin calls', async () => {
    await using api = await startMockApi();
    await call(api, customersPath(1, 'page=3'));
    const log = await admin(api, 'GET', '/requests');
    expect(log.json.requests).toEqual([
      expect.objectContaining({ route: 'cluster-customers', query: { page: '3' }, status: 200 }),
    ]);
    expect(JSON.stringify(log.json)).not.toContain(AUTH['User-Token']);
    await admin(api, 'DELETE', '/requests');
    expect(api.requests).toHaveLength(0);
  });

  it('answers bad calls with 400/404 and a message', async () => {
    await using api = await startMockApi();
    expect(await admin(api, 'GET', '/nope')).toMatchObject({
      status: 404,
      json: { message: expect.stringContaining('/nope') },
    });
    expect((await admin(api, 'GET', '/clusters/99/members')).status).toBe(404);
    expect((await admin(api, 'POST', '/clusters/1/add', { id: 3 })).status).toBe(400);
    expect((await admin(api, 'POST', '/faults', { fault: { kind: 'boom' } })).status).toBe(400);
    expect((await admin(api, 'POST', '/store-active', { active: 'yes' })).status).toBe(400);
    const raw = await fetch(`${api.adminUrl}/clusters/1/churn`, {
      method: 'POST',
      body: '{not json',
    });
    expect(raw.status).toBe(400);
  });
});
