import { parseApiSettings, UsageError, type ApiSettings } from '@clusterstream/cli-kit';
import {
  createDookiClient,
  insecureUrlReason,
  isDookiError,
  TRANSPORTS,
  type DookiClient,
} from '@clusterstream/core';
import type { SinkSpec } from '../sinks/open-sinks.js';
import type { StateBackend } from '../state/backend.js';
import { StoreRunner } from '../watcher/store-runner.js';
import { decodeWebhookSecret } from '../webhooks/standard-webhooks.js';
import type { FleetConfig, FleetStore as FleetStoreConfig } from './fleet-config.js';
import type { FleetMetrics } from './fleet-metrics.js';

/** One store of this process's fleet file, ready before the database is touched. */
export interface FleetStore {
  readonly alias: string;
  readonly clusters: readonly number[] | 'all';
  readonly intervalMs: number;
  /** The quota the store's requests are paced to (DOOKI_RATE_LIMIT, else the API's 60/min). */
  readonly quota: { limit: number; windowMs: number } | false;
  readonly client: DookiClient;
  /** `X-RateLimit-Remaining` of the latest customer page this worker received, and when. */
  lastBudget: { remaining: number; observedAt: Date } | null;
  /** `X-RateLimit-Limit` as the API last stated it; the quota's own limit until then. */
  statedLimit: number | null;
  /** The store's runner over the fleet's state (see {@link attachRunners}). */
  runner: StoreRunner;
}

/** The API's own quota, assumed when DOOKI_RATE_LIMIT does not say otherwise. */
const API_QUOTA = { limit: 60, windowMs: 60_000 };

type Prepared = Omit<FleetStore, 'runner'> & {
  makeRunner(state: StateBackend, signal: AbortSignal): StoreRunner;
};

/**
 * Everything about the stores that can be checked without the database: credentials and webhook
 * secrets set (only from the variables the file names), clients valid (the same `DOOKI_*`
 * tuning variables as the other CLIs), each interval long enough for one request per cluster
 * within the store's quota. Every problem is listed in one usage error, so an operator fixes
 * them all at once; nothing has been written when it is thrown.
 */
export function prepareFleetStores(
  config: FleetConfig,
  env: NodeJS.ProcessEnv,
  metrics: FleetMetrics,
  warnings: string[],
): Map<string, Prepared> {
  for (const name of ['DOOKI_USER_TOKEN', 'DOOKI_USER_SECRET_KEY'] as const) {
    if (env[name] !== undefined)
      warnings.push(
        `${name} is ignored by the fleet: the fleet file names each store's credentials`,
      );
  }
  const problems: string[] = [];
  const stores = new Map<string, Prepared>();
  for (const store of config.stores) {
    const prepared = prepareStore(config, store, env, metrics, problems, warnings);
    if (prepared !== null) stores.set(store.alias, prepared);
  }
  if (problems.length > 0) {
    throw new UsageError(`the fleet cannot start:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return stores;
}

function prepareStore(
  config: FleetConfig,
  store: FleetStoreConfig,
  env: NodeJS.ProcessEnv,
  metrics: FleetMetrics,
  problems: string[],
  warnings: string[],
): Prepared | null {
  const missingBefore = problems.length;
  const read = (name: string, what: string): string => {
    const value = env[name];
    if (value === undefined || value === '') problems.push(`set ${name} (${store.alias} ${what})`);
    return value ?? '';
  };
  const userToken = read(store.credentials.userTokenEnv, 'User-Token');
  const userSecretKey = read(store.credentials.userSecretKeyEnv, 'User-Secret-Key');
  const sinks = store.sinks.map((sink): SinkSpec => {
    if ('ndjson' in sink) return { kind: 'ndjson', path: sink.ndjson };
    const secret = read(sink.secretEnv, 'webhook secret');
    if (secret !== '') {
      try {
        decodeWebhookSecret(secret);
      } catch (error) {
        problems.push(`${sink.secretEnv}: ${(error as Error).message}`);
      }
    }
    return { kind: 'webhook', url: sink.webhook, secret };
  });
  if (problems.length > missingBefore) return null;
  const api = apiSettings(config, store.alias, { userToken, userSecretKey }, env, warnings);
  const intervalMs = store.interval ?? config.interval;
  const quota = api.rateLimit === undefined ? API_QUOTA : api.rateLimit;
  const floor = budgetFloorMs(store.clusters, quota);
  if (intervalMs < floor) {
    problems.push(
      `${store.alias}: interval ${intervalMs} ms is shorter than one request per cluster allows within its quota (${floor} ms); scans would only queue behind the rate limit`,
    );
  }
  let client: DookiClient;
  try {
    client = storeClient(api, metrics, () => prepared);
  } catch (error) {
    if (!isDookiError(error)) throw error;
    problems.push(`${store.alias}: ${error.message}`);
    return null;
  }
  const rules = { ...config.rules, ...store.rules };
  const payloadFields = store.fields ?? config.fields;
  const prepared: Prepared = {
    alias: store.alias,
    clusters: store.clusters,
    intervalMs,
    quota,
    client,
    lastBudget: null,
    statedLimit: null,
    makeRunner: (state, signal) =>
      new StoreRunner({
        client,
        alias: store.alias,
        clusters: store.clusters,
        state,
        sinks,
        sinkContext: { signal },
        exclusion: 'scheduler',
        ...(api.pageSize === undefined ? {} : { pageSize: api.pageSize }),
        ...truthRules(rules),
        ...(payloadFields === undefined ? {} : { payloadFields }),
      }),
  };
  return prepared;
}

/**
 * The shortest interval a store's quota can serve: every scan costs at least one request, so
 * N explicit clusters need N requests per interval (a store with `all` needs at least one).
 */
export function budgetFloorMs(
  clusters: readonly number[] | 'all',
  quota: { limit: number; windowMs: number } | false,
): number {
  if (quota === false) return 0;
  const requests = clusters === 'all' ? 1 : clusters.length;
  return Math.ceil((requests * quota.windowMs) / quota.limit);
}

/** cli-kit's reading of the API settings (tuning from DOOKI_*), with this store's credentials. */
function apiSettings(
  config: FleetConfig,
  alias: string,
  credentials: { userToken: string; userSecretKey: string },
  env: NodeJS.ProcessEnv,
  warnings: string[],
): ApiSettings {
  const values = {
    alias,
    ...(config.baseUrl === undefined ? {} : { 'base-url': config.baseUrl }),
    'allow-insecure-http': config.allowInsecureHttp,
  };
  const storeEnv = {
    ...env,
    DOOKI_USER_TOKEN: credentials.userToken,
    DOOKI_USER_SECRET_KEY: credentials.userSecretKey,
  };
  // The same remarks for every store (a deprecated variable): say them once.
  const remarks: string[] = [];
  const settings = parseApiSettings(values, storeEnv, remarks, { insecureUrlReason });
  for (const remark of remarks) if (!warnings.includes(remark)) warnings.push(remark);
  return settings;
}

function storeClient(
  api: ApiSettings,
  metrics: FleetMetrics,
  store: () => Pick<FleetStore, 'lastBudget' | 'statedLimit'>,
): DookiClient {
  const { pageSize: _pageSize, transport, rateLimit, ...options } = api;
  return createDookiClient({
    ...options,
    ...(rateLimit === undefined ? {} : { rateLimit }),
    transport: TRANSPORTS[transport],
    onEvent: (event) => {
      if (event.type === 'response') {
        // Every 429 answer, whether the client retries it or gives up on it.
        if (event.status === 429) metrics.rateLimited.inc({ store: api.alias });
        if (event.route !== 'cluster-customers') return;
        const { remaining, limit } = event.rateLimit;
        if (remaining !== null) store().lastBudget = { remaining, observedAt: new Date() };
        if (limit !== null) store().statedLimit = limit;
      } else if (event.type === 'rate-limit-wait') {
        metrics.rateLimitWait.inc({ store: api.alias }, event.delayMs / 1000);
      }
    },
  });
}

/** The fleet file's truth rules in the watcher's terms. */
function truthRules(rules: FleetConfig['rules']) {
  return {
    ...(rules.confirmScans === undefined ? {} : { confirmScans: rules.confirmScans }),
    ...(rules.maxLeavePercent === undefined
      ? {}
      : { maxLeaveFraction: rules.maxLeavePercent / 100 }),
    ...(rules.breakerScans === undefined ? {} : { breakerConfirmScans: rules.breakerScans }),
    ...(rules.totalTolerance === undefined ? {} : { totalTolerance: rules.totalTolerance }),
  };
}

/** Gives every prepared store its runner over the fleet's one state backend. */
export function attachRunners(
  prepared: ReadonlyMap<string, Prepared>,
  state: StateBackend,
  signal: AbortSignal,
): Map<string, FleetStore> {
  const stores = new Map<string, FleetStore>();
  // The same object the client's rate-limit callback updates (`lastBudget`).
  for (const [alias, store] of prepared)
    stores.set(alias, Object.assign(store, { runner: store.makeRunner(state, signal) }));
  return stores;
}
