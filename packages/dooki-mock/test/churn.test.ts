import { describe, expect, it } from 'vitest';
import { startMockApi } from '../src/index.js';
import { call, customersPath, idsOf, scanIds } from './helpers.js';

const clusters = [
  { id: 1, size: 300 },
  { id: 2, size: 200 },
];

describe('membership control and churn', () => {
  it('members() equals the union of the pages served, after every churn step', async () => {
    await using api = await startMockApi({ seed: 5, clusters, rateLimit: false });
    expect(await scanIds(api, 1)).toEqual(api.control.members(1));
    for (let step = 1; step <= 3; step++) {
      const result = api.control.churn(1, { joinPercent: 10, leavePercent: 5 });
      expect(result.step).toBe(step);
      expect(api.control.step).toBe(step);
      const served = await scanIds(api, 1, 37);
      expect(served).toEqual(api.control.members(1));
      expect(served.length).toBe(api.control.memberCount(1));
      for (const id of result.joined) expect(served).toContain(id);
      for (const id of result.left) expect(served).not.toContain(id);
    }
  });

  it('is deterministic from the seed and the step', async () => {
    const run = async (seed: number) => {
      await using api = await startMockApi({ seed, clusters });
      const one = api.control.churn(1, { join: 20, leave: 15 });
      const sizeOfTwo = api.control.memberCount(2);
      return [one, api.control.churn(2, { joinPercent: 5, leavePercent: 50 }), sizeOfTwo] as const;
    };
    const first = await run(11);
    expect(await run(11)).toEqual(first);
    expect(await run(12)).not.toEqual(first);
    expect(first[0].joined).toHaveLength(20);
    expect(first[0].left).toHaveLength(15);
    expect(first[1].left).toHaveLength(Math.round(0.5 * first[2]));
    expect(first[1].joined).toHaveLength(Math.round(0.05 * first[2]));
  });

  it('updates cluster_id of leavers, joiners and moved customers', async () => {
    await using api = await startMockApi({ seed: 3, clusters, rateLimit: false });
    const { joined, left } = api.control.churn(1, { join: 50, leave: 10 });
    for (const id of left) expect(api.control.customer(id).cluster_id).toBeNull();
    for (const id of joined) expect(api.control.customer(id).cluster_id).toBe(1);
    // Some joiners are brand-new ids beyond every cluster's range; some moved from cluster 2.
    expect(joined.some((id) => id > 500)).toBe(true);
    const moved = joined.filter((id) => id > 300 && id <= 500);
    expect(moved.length).toBeGreaterThan(0);
    for (const id of moved) expect(api.control.members(2)).not.toContain(id);
    const page = await call(api, customersPath(1, `limit=100&page=4&skipCache=true`));
    for (const c of page.json.data) expect(c.cluster_id).toBe(1);
  });

  it('adds new or moved ids and removes members explicitly', async () => {
    await using api = await startMockApi({ clusters, rateLimit: false });
    api.control.addMembers(1, [350, 9_999]);
    api.control.removeMembers(1, [1, 2, 3]);
    expect(api.control.memberCount(1)).toBe(300 + 2 - 3);
    expect(api.control.members(2)).not.toContain(350);
    expect(api.control.customer(350).cluster_id).toBe(1);
    expect(api.control.customer(9_999).cluster_id).toBe(1);
    expect(await scanIds(api, 1)).toEqual(api.control.members(1));
    expect(() => api.control.addMembers(1, [0])).toThrow(RangeError);
    expect(() => api.control.churn(1, { leave: -1 })).toThrow(RangeError);
  });

  it('deletes a cluster: 404 from then on, and control calls refuse it', async () => {
    await using api = await startMockApi({ clusters, rateLimit: false });
    api.control.deleteCluster(2);
    expect((await call(api, customersPath(2))).status).toBe(404);
    expect((await call(api, '/demo-store/customers/clusters/2')).status).toBe(404);
    const list = await call(api, '/demo-store/customers/clusters');
    expect(idsOf(list)).toEqual([1]);
    expect(() => api.control.members(2)).toThrow(/cluster 2/);
    expect(api.control.customer(301).cluster_id).toBeNull();
  });
});
