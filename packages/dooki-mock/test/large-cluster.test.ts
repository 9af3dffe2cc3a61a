import { describe, expect, it } from 'vitest';
import { startMockApi } from '../src/index.js';
import { call, customersPath, idsOf } from './helpers.js';

describe('a 5,000,000-member cluster', () => {
  it('pages far into the cluster with bounded heap growth', async () => {
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    await using api = await startMockApi({
      clusters: [{ id: 1, size: 5_000_000 }],
      rateLimit: false,
    });
    const far = await call(api, customersPath(1, 'page=49999&limit=100&skipCache=true'));
    expect(far.status).toBe(200);
    expect(idsOf(far)).toEqual(Array.from({ length: 100 }, (_, i) => 4_999_801 + i));
    expect(far.json.meta.pagination).toMatchObject({
      total: 5_000_000,
      total_pages: 50_000,
      current_page: 49_999,
    });
    const last = await call(api, customersPath(1, 'page=50000&limit=100&skipCache=true'));
    expect(idsOf(last).at(-1)).toBe(5_000_000);
    expect('next' in last.json.meta.pagination.links).toBe(false);

    api.control.churn(1, { join: 1_000, leave: 1_000 });
    expect(api.control.memberCount(1)).toBe(5_000_000);
    for (const page of [1, 12_345, 25_000, 49_999]) {
      const reply = await call(api, customersPath(1, `page=${page}&limit=100&skipCache=true`));
      expect(reply.json.data).toHaveLength(100);
    }
    globalThis.gc?.();
    // Materialising the 5M ids alone would add ~40 MB (customers: GBs); range + deltas plus the
    // garbage of a few served pages stay around 5 MB.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(24 * 1024 * 1024);
  });
});
