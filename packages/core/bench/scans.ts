// The two scanners the benchmarks compare: the raw baseline and the client under test.
import { DEFAULT_ALIAS, DEFAULT_CREDENTIALS } from '@clusterstream/dooki-mock';
import { createDookiClient, type ScanOptions } from '../src/index.js';

const HEADERS = {
  'User-Token': DEFAULT_CREDENTIALS.userToken,
  'User-Secret-Key': DEFAULT_CREDENTIALS.userSecretKey,
};
export const ROUNDS = 3;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The baseline: a plain sequential fetch + JSON.parse loop; optionally waits out 429s naively. */
export async function rawScan(
  url: string,
  clusterId: number,
  skipCache: boolean,
  onRefused?: (waitMs: number) => void,
): Promise<number> {
  let items = 0;
  const cache = skipCache ? '&skipCache=true' : '';
  for (let page = 1; ;) {
    const response = await fetch(
      `${url}/${DEFAULT_ALIAS}/customers/clusters/${clusterId}/customers?page=${page}&limit=100${cache}`,
      { headers: HEADERS },
    );
    const text = await response.text();
    if (response.status === 429 && onRefused) {
      const waitMs = Number(response.headers.get('retry-after') ?? '60') * 1000;
      onRefused(waitMs);
      await sleep(waitMs);
      continue;
    }
    const body = JSON.parse(text) as {
      data: unknown[];
      meta: { pagination: { current_page: number; total_pages: number } };
    };
    items += body.data.length;
    const { current_page, total_pages } = body.meta.pagination;
    if (body.data.length === 0 || current_page >= total_pages) return items;
    page += 1;
  }
}

/** The client under test: `clusterCustomers` counted by a synchronous subscriber. */
export function coreScan(
  url: string,
  clusterId: number,
  options: ScanOptions,
  rateLimited = false,
): Promise<number> {
  const client = createDookiClient({
    alias: DEFAULT_ALIAS,
    ...DEFAULT_CREDENTIALS,
    baseUrl: url,
    rateLimit: rateLimited ? { limit: 20, windowMs: 1_000 } : false,
  });
  let items = 0;
  return new Promise((resolve, reject) => {
    client.clusterCustomers(clusterId, { pageSize: 100, ...options }).subscribe({
      next: () => (items += 1),
      error: reject,
      complete: () => resolve(items),
    });
  });
}

export async function timed(run: () => Promise<number>): Promise<{ ms: number; items: number }> {
  const started = performance.now();
  const items = await run();
  return { ms: performance.now() - started, items };
}

/** Best of `ROUNDS`, interleaving the variants so load from elsewhere hits them alike. */
export async function bestOf(
  variants: Record<string, () => Promise<number>>,
): Promise<Record<string, { ms: number; items: number }>> {
  const best: Record<string, { ms: number; items: number }> = {};
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, run] of Object.entries(variants)) {
      const result = await timed(run);
      if (best[name] === undefined || result.ms < best[name].ms) best[name] = result;
    }
  }
  return best;
}
