// Shared set-up for the tests that run against the simulator over HTTP.
import {
  DEFAULT_ALIAS,
  DEFAULT_CREDENTIALS,
  startMockApi,
  type MockApi,
} from '@clusterstream/dooki-mock';
import {
  createDookiClient,
  type DookiClient,
  type DookiClientOptions,
  type DookiEvent,
} from '../src/index.js';

export type MockOptions = Parameters<typeof startMockApi>[0];

/** A simulator with no rate limit unless asked (pacing is tested on its own). */
export function startApi(options: MockOptions = {}): Promise<MockApi> {
  return startMockApi({ rateLimit: false, ...options });
}

/** A client for `api` with fast retries; `events` collects every onEvent. */
export function clientFor(
  api: MockApi,
  overrides: Partial<DookiClientOptions> = {},
): { client: DookiClient; events: DookiEvent[] } {
  const events: DookiEvent[] = [];
  const client = createDookiClient({
    alias: DEFAULT_ALIAS,
    ...DEFAULT_CREDENTIALS,
    baseUrl: api.url,
    rateLimit: false,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { client, events };
}

/** Requests the simulator received for a cluster's customers, in arrival order. */
export function customerRequests(api: MockApi, clusterId?: number): MockApi['requests'] {
  return api.requests.filter(
    (entry) =>
      entry.route === 'cluster-customers' &&
      (clusterId === undefined || entry.path.includes(`/clusters/${clusterId}/`)),
  );
}

/** Page numbers requested for a cluster's customers. */
export function requestedPages(api: MockApi, clusterId?: number): number[] {
  return customerRequests(api, clusterId).map((entry) => Number(entry.query.page));
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Number of live timers in this process (to prove nothing was left behind). */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

export { DEFAULT_CREDENTIALS };
