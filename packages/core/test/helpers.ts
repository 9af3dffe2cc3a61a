// Shared set-up for the tests that run against the simulator over HTTP.
import { createHook } from 'node:async_hooks';
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
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

/** Live timers that this package's own code scheduled since {@link trackTimers} was called. */
export interface TimerTracker extends Disposable {
  /**
   * Timers that would keep the process alive (unref'd ones, such as undici's shared
   * clock started by a fetch, cannot). Settles first: Node reports destroyed timers
   * to async hooks on a later turn.
   */
  live(): Promise<number>;
}

/**
 * Follows the timers scheduled from `packages/core/src` from now on, to prove a cancelled
 * scan leaves none behind. Counting every timer in the process is not enough: vitest's own
 * RPC timers come and go while a test runs.
 */
export function trackTimers(): TimerTracker {
  const ours = new Map<number, { hasRef(): boolean }>();
  const hook = createHook({
    init(asyncId, type, _trigger, resource) {
      if (type !== 'Timeout') return;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 50;
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      if (stack.includes(OWN_SOURCES)) ours.set(asyncId, resource as { hasRef(): boolean });
    },
    destroy(asyncId) {
      ours.delete(asyncId);
    },
  }).enable();
  return {
    live: async () => {
      await setImmediatePromise();
      return [...ours.values()].filter((timer) => timer.hasRef()).length;
    },
    [Symbol.dispose]: () => void hook.disable(),
  };
}

const OWN_SOURCES = fileURLToPath(new URL('../src/', import.meta.url));

export { DEFAULT_CREDENTIALS };
