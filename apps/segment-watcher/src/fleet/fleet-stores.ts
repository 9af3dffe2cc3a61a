import { TRANSPORTS, createDookiClient, type DookiClient } from '@clusterstream/core';
import { UsageError } from '@clusterstream/cli-kit';
import type { TruthRules } from '@clusterstream/core/membership';
import type { EventSink } from '../sinks/sink.js';
import { createNdjsonFileSink } from '../sinks/ndjson-file-sink.js';
import type { OutboxStore } from '../state/backend.js';
import { decodeWebhookSecret } from '../webhooks/standard-webhooks.js';
import { createWebhookSink } from '../webhooks/webhook-sink.js';
import type { FleetConfig, FleetStore } from './fleet-config.js';
import type { FleetMetrics } from './fleet-metrics.js';

/** Everything a worker needs to scan and deliver for one store. */
export interface StoreRuntime {
  alias: string;
  client: DookiClient;
  clusters: number[] | 'all';
  intervalMs: number;
  rules: Partial<TruthRules> & { totalTolerance?: number };
  payloadFields?: readonly string[];
  /** `X-RateLimit-Remaining` of the latest customer page this worker received, and when. */
  lastBudget: { remaining: number; observedAt: Date } | null;
  /** The store's sinks, opened on first use by this worker. */
  sinks(outbox: OutboxStore, signal: AbortSignal): Promise<EventSink[]>;
  close(): Promise<void>;
}

/**
 * Builds each store's client and sinks from the fleet file. Secrets come only from the
 * environment variables the file names; every missing one is listed in one usage error, so an
 * operator fixes them all at once. One client per store: its limiter paces that store's
 * requests in this process, and the store's job queue keeps other processes off it meanwhile.
 */
export function buildStores(
  config: FleetConfig,
  env: NodeJS.ProcessEnv,
  metrics: FleetMetrics,
): Map<string, StoreRuntime> {
  const missing: string[] = [];
  const read = (name: string, what: string): string => {
    const value = env[name];
    if (value === undefined || value === '') missing.push(`${name} (${what})`);
    return value ?? '';
  };
  const stores = new Map<string, StoreRuntime>();
  for (const store of config.stores) {
    const userToken = read(store.credentials.userTokenEnv, `${store.alias} User-Token`);
    const userSecretKey = read(
      store.credentials.userSecretKeyEnv,
      `${store.alias} User-Secret-Key`,
    );
    const webhookSecrets = store.sinks.map((sink) => {
      if (!('webhook' in sink)) return '';
      const secret = read(sink.secretEnv, `${store.alias} webhook secret`);
      if (secret !== '') {
        try {
          decodeWebhookSecret(secret);
        } catch (error) {
          missing.push(`${sink.secretEnv} (${(error as Error).message})`);
        }
      }
      return secret;
    });
    stores.set(
      store.alias,
      storeRuntime(config, store, { userToken, userSecretKey }, webhookSecrets, metrics),
    );
  }
  if (missing.length > 0) {
    throw new UsageError(
      `set these environment variables the fleet file names: ${missing.join(', ')}`,
    );
  }
  return stores;
}

function storeRuntime(
  config: FleetConfig,
  store: FleetStore,
  credentials: { userToken: string; userSecretKey: string },
  webhookSecrets: readonly string[],
  metrics: FleetMetrics,
): StoreRuntime {
  const alias = store.alias;
  const rules = { ...config.rules, ...store.rules };
  let opened: Promise<EventSink[]> | undefined;
  const runtime: StoreRuntime = {
    alias,
    clusters: store.clusters,
    intervalMs: store.interval ?? config.interval,
    rules: {
      ...(rules.confirmScans === undefined ? {} : { confirmScans: rules.confirmScans }),
      ...(rules.maxLeavePercent === undefined
        ? {}
        : { maxLeaveFraction: rules.maxLeavePercent / 100 }),
      ...(rules.breakerScans === undefined ? {} : { breakerConfirmScans: rules.breakerScans }),
      ...(rules.totalTolerance === undefined ? {} : { totalTolerance: rules.totalTolerance }),
    },
    ...((store.fields ?? config.fields) === undefined
      ? {}
      : { payloadFields: store.fields ?? config.fields }),
    lastBudget: null,
    client: createDookiClient({
      alias,
      ...credentials,
      ...(config.baseUrl === undefined ? {} : { baseUrl: config.baseUrl }),
      transport: TRANSPORTS['node-http'],
      onEvent: (event) => {
        if (
          event.type === 'response' &&
          event.route === 'cluster-customers' &&
          event.rateLimit.remaining !== null
        ) {
          runtime.lastBudget = { remaining: event.rateLimit.remaining, observedAt: new Date() };
        } else if (event.type === 'retry' && event.status === 429) {
          metrics.rateLimited.inc({ store: alias });
        } else if (event.type === 'rate-limit-wait') {
          metrics.rateLimitWait.inc({ store: alias }, event.delayMs / 1000);
        }
      },
    }),
    sinks: (outbox, signal) =>
      (opened ??= Promise.all(
        store.sinks.map(async (sink, index): Promise<EventSink> => {
          if ('ndjson' in sink) return createNdjsonFileSink(sink.ndjson);
          // Origin and path only: a query string may carry a receiver's token.
          const { origin, pathname } = new URL(sink.webhook);
          const name = `webhook:${origin}${pathname}`;
          return createWebhookSink({
            url: sink.webhook,
            secret: webhookSecrets[index]!,
            signal,
            disabledReason: () => outbox.disabledReason(name),
            onDisabled: (reason) => outbox.disableSink(name, reason),
          });
        }),
      )),
    async close() {
      for (const sink of (await opened) ?? []) await sink.close?.();
    },
  };
  return runtime;
}
