import { describe, expect, it } from 'vitest';
import { startMockApi, type FaultRule } from '../src/index.js';
import { AUTH, call, customersPath } from './helpers.js';

const start = (faults: FaultRule[] = []) =>
  startMockApi({
    clusters: [
      { id: 1, size: 300 },
      { id: 2, size: 50 },
    ],
    rateLimit: false,
    faults,
  });

const ids = (json: { data: { id: number }[] }) => json.data.map((c) => c.id);

describe('scripted faults', () => {
  it('status: answers the scripted 5xx for the matched page, `times` times', async () => {
    await using api = await start([
      {
        match: { route: 'cluster-customers', page: 2 },
        times: 2,
        fault: { kind: 'status', status: 503 },
      },
    ]);
    expect((await call(api, customersPath(1, 'page=1'))).status).toBe(200);
    const failed = await call(api, customersPath(1, 'page=2'));
    expect(failed.status).toBe(503);
    expect(failed.json).toEqual({ message: 'Service Unavailable', status_code: 503 });
    expect((await call(api, customersPath(1, 'page=2'))).status).toBe(503);
    expect((await call(api, customersPath(1, 'page=2'))).status).toBe(200);
    expect(api.requests.map((r) => r.fault ?? null)).toEqual([null, 'status', 'status', null]);
  });

  it('status: serves a custom body and filters on route and cluster', async () => {
    await using api = await start();
    api.control.addFault({
      match: { clusterId: 2 },
      fault: { kind: 'status', status: 500, body: { oops: true } },
    });
    api.control.addFault({ match: { route: 'clusters' }, fault: { kind: 'status', status: 502 } });
    expect((await call(api, customersPath(1))).status).toBe(200);
    const two = await call(api, customersPath(2));
    expect([two.status, two.json]).toEqual([500, { oops: true }]);
    expect((await call(api, '/demo-store/customers/clusters')).status).toBe(502);
    api.control.addFault({ fault: { kind: 'status', status: 500 } });
    api.control.clearFaults();
    expect((await call(api, customersPath(2))).status).toBe(200);
  });

  it('401 after N requests (match.afterRequests, times: Infinity)', async () => {
    await using api = await start([
      { match: { afterRequests: 3 }, times: Infinity, fault: { kind: 'status', status: 401 } },
    ]);
    const statuses: number[] = [];
    for (let page = 1; page <= 6; page++)
      statuses.push((await call(api, customersPath(1, `page=${page}`))).status);
    expect(statuses).toEqual([200, 200, 200, 401, 401, 401]);
    expect((await call(api, customersPath(1))).json).toEqual({
      message: 'Unauthenticated.',
      status_code: 401,
    });
  });

  it('reset: sends the headers, then destroys the connection mid-body', async () => {
    await using api = await start([{ match: { page: 2 }, fault: { kind: 'reset' } }]);
    const res = await fetch(`${api.url}${customersPath(1, 'page=2&limit=100')}`, { headers: AUTH });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect((await call(api, customersPath(1, 'page=2'))).status).toBe(200);
  });

  it('truncate: a 200 whose body is cut in half', async () => {
    await using api = await start([{ fault: { kind: 'truncate' } }]);
    const path = `${api.url}${customersPath(1, 'limit=50')}`;
    const cut = await fetch(path, { headers: AUTH });
    expect(cut.status).toBe(200);
    const cutBytes = Buffer.from(await cut.arrayBuffer());
    const whole = Buffer.from(await (await fetch(path, { headers: AUTH })).arrayBuffer());
    expect(cutBytes.length).toBe(Math.floor(whole.length / 2));
    expect(whole.subarray(0, cutBytes.length).equals(cutBytes)).toBe(true);
    expect(() => JSON.parse(cutBytes.toString('utf8')) as unknown).toThrow(SyntaxError);
  });

  it('hang: never answers, so the client times out; close() still returns', async () => {
    const api = await start([{ fault: { kind: 'hang' } }]);
    await expect(call(api, customersPath(1), { signal: AbortSignal.timeout(200) })).rejects.toThrow(
      /abort|timeout/i,
    );
    expect(api.requests[0]).toMatchObject({ status: 0, fault: 'hang' });
    expect((await call(api, customersPath(1))).status).toBe(200);
    api.control.addFault({ fault: { kind: 'hang' } });
    const hung = fetch(`${api.url}${customersPath(1)}`, { headers: AUTH }).catch((e: unknown) => e);
    await expect.poll(() => api.requests.length).toBe(3);
    await api.close();
    expect(await hung).toBeInstanceOf(Error);
  });

  it('latency: delays the matched response past a client timeout; the next one is prompt', async () => {
    await using api = await start([{ fault: { kind: 'latency', ms: 5_000 } }]);
    await expect(
      call(api, customersPath(1), { signal: AbortSignal.timeout(150) }),
    ).rejects.toThrow();
    expect(api.requests[0]).toMatchObject({ fault: 'latency', status: 200 });
    expect((await call(api, customersPath(1), { signal: AbortSignal.timeout(5_000) })).status).toBe(
      200,
    );
  });

  it('latencyMs option: every response waits, so a short client timeout fires', async () => {
    await using api = await startMockApi({ latencyMs: 5_000, rateLimit: false });
    await expect(
      call(api, customersPath(1), { signal: AbortSignal.timeout(150) }),
    ).rejects.toThrow();
    expect(api.requests[0]).toMatchObject({ status: 200 });
    expect(api.requests[0]!.fault).toBeUndefined();
  });

  it('drift: membership changes right before the matched page is served', async () => {
    await using api = await start([
      { match: { page: 2 }, fault: { kind: 'drift', leave: 4, join: 1 } },
    ]);
    const before = api.control.members(1);
    const first = await call(api, customersPath(1, 'page=1&limit=100&skipCache=true'));
    expect(ids(first.json)).toEqual(before.slice(0, 100));
    const second = await call(api, customersPath(1, 'page=2&limit=100&skipCache=true'));
    expect(api.control.step).toBe(1);
    const after = api.control.members(1);
    expect(after).not.toEqual(before);
    expect(ids(second.json)).toEqual(after.slice(100, 200));
    expect(second.json.meta.pagination.total).toBe(300 - 4 + 1);
    expect(first.json.meta.pagination.total).toBe(300);
  });

  it('delete-cluster: the cluster disappears mid-scan (404 from then on)', async () => {
    await using api = await start([{ match: { page: 3 }, fault: { kind: 'delete-cluster' } }]);
    expect((await call(api, customersPath(1, 'page=1&skipCache=true'))).status).toBe(200);
    expect((await call(api, customersPath(1, 'page=2&skipCache=true'))).status).toBe(200);
    const gone = await call(api, customersPath(1, 'page=3&skipCache=true'));
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ status_code: 404 });
    expect((await call(api, customersPath(1, 'page=1&skipCache=true'))).status).toBe(404);
  });

  it('rejects malformed rules with a clear error', async () => {
    await using api = await start();
    expect(() =>
      api.control.addFault({ fault: { kind: 'explode' } } as unknown as FaultRule),
    ).toThrow(/fault.kind/);
    expect(() =>
      api.control.addFault({ fault: { kind: 'status', status: 418 } } as unknown as FaultRule),
    ).toThrow(/status/);
    expect(() => api.control.addFault({ times: 0, fault: { kind: 'reset' } })).toThrow(/times/);
  });
});
