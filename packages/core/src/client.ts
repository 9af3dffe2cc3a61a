import { createRequestContext, DEFAULT_BASE_URL } from './client-context.js';
import { buildUrl } from './http/build-url.js';
import { sendRequest, type RequestContext } from './http/send-request.js';
import { observeScan, type PullableObservable } from './observable/observe-scan.js';
import {
  checkClientOptions,
  resolveId,
  resolveScanOptions,
  type DookiClientOptions,
  type ScanOptions,
} from './options.js';
import { openPageScan, type FetchPage, type Page, type PageScan } from './pagination/page-loop.js';
import { scanIterable, type ScanIterable } from './pagination/scan-iterable.js';
import type { Cluster } from './parse/cluster.js';
import type { Customer } from './customer/customer.js';
import { parsePage, parseResource } from './parse/parse-page.js';
import type { DookiRoute } from './rate-limit/registry.js';

/** The client returned by {@link createDookiClient}. */
export interface DookiClient {
  readonly alias: string;
  readonly baseUrl: string;
  /** A cluster's customers page by page (de-duplicated items, meta, quota headers). */
  clusterCustomerPages(
    clusterId: number | string,
    options?: ScanOptions,
  ): PullableObservable<Page<Customer>>;
  /** A cluster's customers, one by one, each id at most once per scan. */
  clusterCustomers(clusterId: number | string, options?: ScanOptions): PullableObservable<Customer>;
  iterateClusterCustomerPages(
    clusterId: number | string,
    options?: ScanOptions,
  ): ScanIterable<Page<Customer>>;
  iterateClusterCustomers(
    clusterId: number | string,
    options?: ScanOptions,
  ): ScanIterable<Customer>;
  /** Every cluster of the store, page by page. */
  clusterPages(options?: ScanOptions): PullableObservable<Page<Cluster>>;
  clusters(options?: ScanOptions): PullableObservable<Cluster>;
  iterateClusterPages(options?: ScanOptions): ScanIterable<Page<Cluster>>;
  iterateClusters(options?: ScanOptions): ScanIterable<Cluster>;
  /** One cluster by id. */
  cluster(clusterId: number | string, options?: { signal?: AbortSignal }): Promise<Cluster>;
  /** `POST /auth/me`: the user and the stores the credentials reach; a cheap credential test. */
  me(options?: { signal?: AbortSignal }): Promise<unknown>;
}

type ListSpec = { route: DookiRoute; path: string };

/**
 * Creates a Dooki API v2 client for one store.
 *
 * ## Example
 * ```ts
 * const client = createDookiClient({ alias: 'my-store', userToken, userSecretKey });
 * client.clusterCustomers(7).subscribe((customer) => console.log(customer.id, customer.name));
 * for await (const customer of client.iterateClusterCustomers(7, { maxItems: 500 })) save(customer);
 * ```
 *
 * @throws DookiOptionsError when an option is invalid (before any request).
 */
export function createDookiClient(options: DookiClientOptions): DookiClient {
  checkClientOptions(options);
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const context = createRequestContext(options, baseUrl);
  const alias = encodeURIComponent(options.alias);
  const customersOf = (id: number | string): ListSpec => ({
    route: 'cluster-customers',
    path: `/${alias}/customers/clusters/${resolveId('clusterId', id)}/customers`,
  });
  const clusterList: ListSpec = { route: 'clusters', path: `/${alias}/customers/clusters` };

  const pagesOf = <T extends { id: number }>(spec: ListSpec, scanOptions?: ScanOptions) => {
    const open = scanOpener<T>(context, baseUrl, spec, scanOptions);
    return {
      observePages: () => observeScan(open, (page: Page<T>) => [page]),
      observeItems: () => observeScan(open, (page: Page<T>) => page.items),
      iteratePages: () => scanIterable(open, (page: Page<T>) => [page]),
      iterateItems: () => scanIterable(open, (page: Page<T>) => page.items),
    };
  };

  return {
    alias: options.alias,
    baseUrl,
    clusterCustomerPages: (id, o) => pagesOf<Customer>(customersOf(id), o).observePages(),
    clusterCustomers: (id, o) => pagesOf<Customer>(customersOf(id), o).observeItems(),
    iterateClusterCustomerPages: (id, o) => pagesOf<Customer>(customersOf(id), o).iteratePages(),
    iterateClusterCustomers: (id, o) => pagesOf<Customer>(customersOf(id), o).iterateItems(),
    clusterPages: (o) => pagesOf<Cluster>(clusterList, o).observePages(),
    clusters: (o) => pagesOf<Cluster>(clusterList, o).observeItems(),
    iterateClusterPages: (o) => pagesOf<Cluster>(clusterList, o).iteratePages(),
    iterateClusters: (o) => pagesOf<Cluster>(clusterList, o).iterateItems(),
    cluster: async (id, o = {}) => {
      const url = buildUrl(baseUrl, `/${alias}/customers/clusters/${resolveId('clusterId', id)}`);
      const response = await sendOnce(context, { method: 'GET', route: 'cluster', url }, o.signal);
      return parseResource<Cluster>(response.body, { method: 'GET', url });
    },
    me: async (o = {}) => {
      const url = buildUrl(baseUrl, '/auth/me');
      const response = await sendOnce(context, { method: 'POST', route: 'auth-me', url }, o.signal);
      return response.body;
    },
  };
}

/** Returns a function that starts one scan of a list; options are checked right away. */
function scanOpener<T extends { id: number }>(
  context: RequestContext,
  baseUrl: string,
  spec: ListSpec,
  scanOptions?: ScanOptions,
): () => PageScan<T> {
  const resolved = resolveScanOptions(scanOptions);
  const fetchPage: FetchPage<T> = async (page, signal, stats, demand) => {
    const url = buildUrl(baseUrl, spec.path, {
      page,
      limit: resolved.pageSize,
      skipCache: resolved.skipCache ? 'true' : undefined,
      include: resolved.include,
      search: resolved.search,
      orderBy: resolved.orderBy,
      sortedBy: resolved.sortedBy,
    });
    const response = await sendRequest(
      context,
      { method: 'GET', route: spec.route, url, page },
      signal,
      stats,
      demand,
    );
    const parsed = parsePage<T>(response.body, { method: 'GET', url, page });
    return { ...parsed, rateLimit: response.rateLimit };
  };
  return () => openPageScan(fetchPage, resolved);
}

function sendOnce(
  context: RequestContext,
  spec: Parameters<typeof sendRequest>[1],
  signal: AbortSignal | undefined,
): ReturnType<typeof sendRequest> {
  const stats = { requests: 0, retries: 0, rateLimited: 0 };
  return sendRequest(context, spec, signal ?? new AbortController().signal, stats);
}
