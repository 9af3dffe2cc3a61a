import { createDookiClient, type DookiClient, type DookiEventListener } from '@clusterstream/core';
import {
  DEFAULT_CREDENTIALS,
  startMockApi,
  type MockApi,
  type MockApiOptions,
} from '@clusterstream/dooki-mock';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { type ClusterChange } from '../../src/events.js';
import { type DeliveryResult, type EventSink } from '../../src/sinks/sink.js';
import { type StateBackend } from '../../src/state/backend.js';
import { openState, type StateStore } from '../../src/state/sqlite/connection.js';
import { type WatchSettings } from '../../src/watcher/scan-and-commit.js';
import { runCycle, type CycleReport } from '../../src/watcher/run-cycle.js';
import { StoreRunner } from '../../src/watcher/store-runner.js';
import { resolveWatchSettings, type WatchSettingsInput } from '../../src/watcher/watch-settings.js';

export const ALIAS = 'demo-store';

/** A mock with no rate limit (tests stay fast) unless the test asks for one. */
export function startMock(options: MockApiOptions = {}): Promise<MockApi> {
  return startMockApi({ alias: ALIAS, seed: 7, rateLimit: false, ...options });
}

/** A client with short timeouts and tiny backoffs, pacing off. */
export function fastClient(
  api: MockApi,
  overrides: { timeoutMs?: number; retries?: number; onEvent?: DookiEventListener } = {},
): DookiClient {
  return createDookiClient({
    alias: ALIAS,
    ...DEFAULT_CREDENTIALS,
    baseUrl: api.url,
    timeoutMs: overrides.timeoutMs ?? 2_000,
    retry: { retries: overrides.retries ?? 3, baseDelayMs: 5, maxDelayMs: 20 },
    rateLimit: false,
    ...(overrides.onEvent ? { onEvent: overrides.onEvent } : {}),
  });
}

/** A temporary directory removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dooki-watch-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `watch.db` in a fresh temporary directory, removed when the current test finishes. */
export function tempStatePath(): string {
  const { dir, cleanup } = tempDir();
  onTestFinished(cleanup);
  return join(dir, 'watch.db');
}

/** Watch settings over a state with the defaults; every field can be overridden. */
export function settingsFor(
  client: DookiClient,
  state: StateStore | StateBackend,
  overrides: Partial<WatchSettingsInput> = {},
): WatchSettings {
  return resolveWatchSettings({ client, alias: ALIAS, state, ...overrides });
}

/** One cycle of `settings` over `clusterIds` into `sinks`, through a {@link StoreRunner}. */
export function runCycleWith(
  settings: WatchSettings,
  clusterIds: readonly number[],
  sinks: readonly EventSink[],
): Promise<CycleReport> {
  const { rules, ...rest } = settings;
  const runner = new StoreRunner({
    ...rest,
    ...rules,
    clusters: clusterIds,
    sinks,
    exclusion: 'leases',
  });
  return runCycle(runner, clusterIds, settings.signal ? { signal: settings.signal } : {});
}

/** A sink that keeps every delivered event in memory. */
export function memorySink(): EventSink & { events: ClusterChange[] } {
  const events: ClusterChange[] = [];
  return {
    name: 'memory',
    events,
    deliver(batch): Promise<DeliveryResult> {
      for (const event of batch) events.push(JSON.parse(event.body) as ClusterChange);
      return Promise.resolve({ acknowledged: batch.length });
    },
  };
}

export { openState };
