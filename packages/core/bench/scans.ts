// The scanners the client-overhead bench compares: raw fetch + JSON.parse loops (the floor) and
// the client under test, each counting customers. Both use global fetch, as the client does by
// default, and ask for the same pages.
import type { Simulator } from '@clusterstream/bench-kit';
import { createDookiClient, type DookiClientOptions, type ScanOptions } from '../src/index.js';

interface RawPage {
  data: unknown[];
  meta: { pagination: { current_page: number; total_pages: number } };
}

async function rawPage(sim: Simulator, clusterId: number, page: number): Promise<RawPage> {
  const url = `${sim.url}/${sim.alias}/customers/clusters/${clusterId}/customers?page=${page}&limit=100&skipCache=true`;
  const response = await fetch(url, { headers: sim.headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`raw scan: HTTP ${response.status} on page ${page}`);
  return JSON.parse(text) as RawPage;
}

/** The floor with one request in flight: fetch, parse, count, next. */
export async function rawSequential(sim: Simulator, clusterId: number): Promise<number> {
  let items = 0;
  for (let page = 1; ; page += 1) {
    const body = await rawPage(sim, clusterId, page);
    items += body.data.length;
    const { current_page, total_pages } = body.meta.pagination;
    if (body.data.length === 0 || current_page >= total_pages) return items;
  }
}

/**
 * The floor with `lanes` requests in flight: page 1 alone (it tells how many pages there are,
 * as it tells the client), then `lanes` loops claiming the next page number.
 */
export async function rawConcurrent(
  sim: Simulator,
  clusterId: number,
  lanes: number,
): Promise<number> {
  const first = await rawPage(sim, clusterId, 1);
  const totalPages = first.meta.pagination.total_pages;
  let items = first.data.length;
  let next = 2;
  const lane = async (): Promise<void> => {
    while (next <= totalPages) {
      const page = next;
      next += 1;
      const body = await rawPage(sim, clusterId, page);
      items += body.data.length; // after the await: `items +=` before it would lose updates
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return items;
}

export function benchClient(
  sim: Simulator,
  options: Partial<DookiClientOptions> = {},
): ReturnType<typeof createDookiClient> {
  return createDookiClient({ alias: sim.alias, ...sim.credentials, baseUrl: sim.url, ...options });
}

/** The client under test: `clusterCustomers` counted by a synchronous subscriber. */
export function coreScan(
  client: ReturnType<typeof createDookiClient>,
  clusterId: number,
  options: ScanOptions,
): Promise<number> {
  let items = 0;
  return new Promise((resolve, reject) => {
    client.clusterCustomers(clusterId, { pageSize: 100, ...options }).subscribe({
      next: () => (items += 1),
      error: reject,
      complete: () => resolve(items),
    });
  });
}
