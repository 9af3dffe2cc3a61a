import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { generateStores, startMockApi, type MockApi, type RateWindow } from '../src/index.js';
import { AUTH, call, customersPath } from './helpers.js';

/** An admin call over HTTP: status and parsed body. */
async function admin(url: string, method: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { windows: RateWindow[] } };
}

const windowsAt = async (url: string): Promise<RateWindow[]> => {
  const reply = await admin(`${url}/rate-windows`, 'GET');
  expect(reply.status).toBe(200);
  return reply.json.windows;
};

/** `n` requests to a cluster page of the default store; their statuses. */
const send = async (api: MockApi, n: number, headers = AUTH): Promise<number[]> => {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++)
    statuses.push((await call(api, customersPath(1), { headers })).status);
  return statuses;
};

describe('rate-limit windows (GET /__admin/rate-windows)', () => {
  it('counts allowed and refused requests per window, route and credential', async () => {
    await using api = await startMockApi({ rateLimit: { limit: 3, windowMs: 1_000 } });
    expect(await send(api, 5)).toEqual([200, 200, 200, 429, 429]);
    await sleep(1_100); // past the window: the next request opens a new one
    const before = Date.now();
    expect(await send(api, 1)).toEqual([200]);
    await call(api, '/demo-store/customers/clusters', { headers: AUTH });
    await call(api, customersPath(1), { headers: { ...AUTH, 'User-Token': 'not-the-token' } });

    const windows = await windowsAt(api.adminUrl);
    const pages = windows.filter((w) => w.route === 'cluster-customers');
    expect(pages.map((w) => [w.credential, w.allowed, w.refused])).toEqual([
      ['valid', 3, 2],
      ['valid', 1, 0],
      ['invalid', 1, 0],
    ]);
    expect(pages[1]!.startedAt).toBeGreaterThanOrEqual(before);
    expect(pages[1]!.startedAt - pages[0]!.startedAt).toBeGreaterThanOrEqual(1_000);
    expect(windows.filter((w) => w.route === 'clusters')).toMatchObject([
      { alias: 'demo-store', credential: 'valid', allowed: 1, refused: 0 },
    ]);
    for (const window of windows) expect(window).toMatchObject({ limit: 3, windowMs: 1_000 });
    // The same records in-process, and no token in them.
    expect(api.control.rateWindows()).toEqual(windows);
    expect(JSON.stringify(windows)).not.toContain(AUTH['User-Token']);
  });

  it('keeps only the last windowHistory windows of a key', async () => {
    await using api = await startMockApi({
      rateLimit: { limit: 5, windowMs: 100, windowHistory: 2 },
    });
    const opened: number[] = [];
    for (let i = 0; i < 4; i++) {
      opened.push(Date.now());
      await send(api, 1);
      await sleep(150); // each request opens a window of its own
    }
    const windows = await windowsAt(api.adminUrl);
    expect(windows).toHaveLength(2);
    expect(windows[0]!.startedAt).toBeGreaterThanOrEqual(opened[2]!);
    expect(windows[1]!.startedAt).toBeGreaterThanOrEqual(opened[3]!);
  });

  it('takes windowHistory from POST /rate-limit: 0 keeps none but still limits', async () => {
    await using api = await startMockApi({ rateLimit: { limit: 1, windowMs: 60_000 } });
    await send(api, 1);
    expect(await windowsAt(api.adminUrl)).toHaveLength(1);
    const set = await admin(`${api.adminUrl}/rate-limit`, 'POST', {
      limit: 1,
      windowMs: 60_000,
      windowHistory: 0,
    });
    expect(set.status).toBe(200);
    expect(await send(api, 2)).toEqual([200, 429]);
    expect(await windowsAt(api.adminUrl)).toEqual([]);
    const refused = await admin(`${api.adminUrl}/rate-limit`, 'POST', { windowHistory: -1 });
    expect(refused.status).toBe(400);
  });

  it('reports a store its own windows and the server every store', async () => {
    const specs = generateStores({ count: 2, clustersPerStore: 1, membersPerCluster: 10 });
    await using api = await startMockApi({
      stores: specs,
      rateLimit: { limit: 2, windowMs: 60_000 },
    });
    for (const [index, store] of api.stores.entries()) {
      const headers = {
        'User-Token': store.credentials.userToken,
        'User-Secret-Key': store.credentials.userSecretKey,
      };
      const path = `/${store.alias}/customers/clusters/1/customers`;
      for (let i = 0; i <= index + 1; i++) await call(api, path, { headers });
    }
    const [first, second] = api.stores;
    expect(await windowsAt(second!.adminUrl)).toMatchObject([
      { alias: second!.alias, allowed: 2, refused: 1 },
    ]);
    expect(await windowsAt(first!.adminUrl)).toMatchObject([
      { alias: first!.alias, allowed: 2, refused: 0 },
    ]);
    const all = await windowsAt(api.adminUrl);
    expect(all.map((w) => w.alias)).toEqual([first!.alias, second!.alias]);
    expect(first!.control.rateWindows()).toEqual([all[0]]);
  });
});
