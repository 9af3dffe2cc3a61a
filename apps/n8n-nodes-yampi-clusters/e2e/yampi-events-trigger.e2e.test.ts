// The Yampi Cluster Events Trigger inside a running n8n (`n8n start`, workflow activated with
// n8n's CLI): a real `dooki-watch` process scans the simulator and posts its signed events to
// the trigger's production URL; the workflow's HTTP Request node posts every item, with its
// execution id, to a sink this test runs. Requests the test crafts itself check what is refused
// (and starts nothing) and what another Standard Webhooks sender (the reference library) gets.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startMockApi, type MockApi } from '@clusterstream/dooki-mock';
import { generateWebhookSecret, signWebhook } from '@clusterstream/core/webhooks';
import {
  blockedConnections,
  createN8nHost,
  n8nRuntime,
  type N8nHost,
  type RunningN8n,
} from './n8n-host';
import { packedTarball } from './tarball';
import { startSink, waitFor, type Sink } from './sink';
import { clusterEventsCredential, eventsTriggerWorkflow } from './workflows';
import { requireWatcherBuild, runDookiWatch } from './dooki-watch';

const runtime = n8nRuntime();
const CLUSTER = 5;
const OTHER_CLUSTER = 6;
const WORKFLOW = 'wfEventsTrigger';
const WEBHOOK_ID = randomUUID();
const SECRET = generateWebhookSecret();
const credential = { id: 'yampiEventsCred01', name: 'dooki-watch secret' };

let api: MockApi;
let sink: Sink;
let host: N8nHost;
let n8n: RunningN8n | undefined;
let stateDir: string;
let productionUrl: string;

interface Emitted {
  event: { id: string; type: string; cluster_id: number; customer_id: number; detected_at: string };
  executionId: string;
  postedAt: number;
}
const emitted = (): Emitted[] => sink.received('events') as unknown as Emitted[];
const emittedIds = () => emitted().map(({ event }) => event.id);

/** `dooki-watch --once` over both clusters into the production URL. */
function watchOnce() {
  return runDookiWatch(
    [
      ...['--alias', api.alias, '--cluster', `${CLUSTER},${OTHER_CLUSTER}`, '--once'],
      ...['--webhook', productionUrl, '--state', join(stateDir, 'watch.db')],
      ...['--base-url', api.url, '--rate-limit', 'off', '--webhook-retries', '1'],
    ],
    watcherEnv(),
  );
}
const watcherEnv = () => ({
  DOOKI_USER_TOKEN: api.credentials.userToken,
  DOOKI_USER_SECRET_KEY: api.credentials.userSecretKey,
  DOOKI_WATCH_WEBHOOK_SECRET: SECRET,
});

/** How many events dooki-watch delivered (both clusters): what a replay sends again. */
let watcherEvents = 0;

/** Ids of the events this test made up (the rest come from dooki-watch). */
const crafted = new Set<string>();

/** A well-formed event for the watched cluster and store, with a fresh id. */
function craftedEvent(overrides: Record<string, unknown> = {}) {
  const customerId = api.control.members(OTHER_CLUSTER)[0]!;
  const event = {
    id: `evt_${randomBytes(16).toString('hex')}`,
    type: 'customer.joined',
    alias: api.alias,
    cluster_id: CLUSTER,
    customer_id: customerId,
    scan: 1,
    detected_at: new Date().toISOString(),
    data: { id: customerId },
    ...overrides,
  };
  crafted.add(event.id);
  return { id: event.id, body: JSON.stringify(event) };
}

function signedHeaders(id: string, body: string, secret = SECRET, timestamp = nowSeconds()) {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function post(body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(productionUrl, { method: 'POST', headers, body });
  await response.body?.cancel();
  return response.status;
}

/**
 * Sends a valid event and waits until the workflow emitted it: everything posted before it has
 * been handled by then, so what did not reach the sink started no execution.
 */
async function settle(label: string): Promise<void> {
  const marker = craftedEvent();
  expect(await post(marker.body, signedHeaders(marker.id, marker.body))).toBe(200);
  await waitFor(
    `${label}: the marker event`,
    () => emittedIds().includes(marker.id),
    () => ({ emitted: emittedIds() }),
  );
}

/**
 * n8n answers /healthz before it has activated the workflows: until the production webhook is
 * registered it answers 404. An unsigned probe is refused (400) once it is, and starts nothing.
 */
async function webhookRegistered(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await post('{}', { 'content-type': 'application/json' });
    if (status !== 404) return void expect(status).toBe(400);
    if (Date.now() > deadline) throw new Error(`${productionUrl} still answers 404`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.runIf(process.env.N8N_E2E_TRIGGER !== '0')(
  `Yampi Cluster Events Trigger in a running ${runtime.label}, fed by a real dooki-watch`,
  { timeout: 300_000 },
  () => {
    beforeAll(async () => {
      requireWatcherBuild();
      stateDir = mkdtempSync(join(tmpdir(), 'events-trigger-e2e-'));
      api = await startMockApi({
        seed: 31,
        clusters: [
          { id: CLUSTER, name: 'Events', size: 30 },
          { id: OTHER_CLUSTER, name: 'Filtered', size: 20 },
        ],
        rateLimit: false,
      });
      sink = await startSink();
      host = await createN8nHost('installed', packedTarball());
      await host.importCredentials([
        clusterEventsCredential(credential.id, credential.name, SECRET),
      ]);
      await host.importWorkflows([
        eventsTriggerWorkflow(WORKFLOW, {
          typePrefix: host.typePrefix,
          credential,
          webhookId: WEBHOOK_ID,
          sinkUrl: sink.url,
          parameters: {
            events: ['customer.joined', 'customer.left'],
            clusterIds: String(CLUSTER),
            storeAlias: api.alias,
            options: {},
          },
        }),
      ]);
      await host.activate(WORKFLOW);
      n8n = await host.start();
      productionUrl = `${n8n.url}/webhook/${WEBHOOK_ID}/webhook`;
      await webhookRegistered();
    });

    afterAll(async () => {
      await n8n?.stop();
      host?.dispose();
      await sink?.close();
      await api?.close();
      if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    });

    it('each joined/left event dooki-watch delivers is exactly one execution with one item; other clusters are acknowledged, not emitted', async () => {
      const baseline = await watchOnce();
      expect(baseline.code, baseline.stderr).toBe(0);
      const before = new Set(api.control.members(CLUSTER));
      const otherBefore = new Set(api.control.members(OTHER_CLUSTER));
      api.control.churn(CLUSTER, { join: 3, leave: 2 });
      api.control.churn(OTHER_CLUSTER, { join: 2, leave: 1 });
      // Joins are emitted by the first scan after the churn, leaves once a second scan confirms.
      for (const run of [await watchOnce(), await watchOnce()])
        expect(run.code, run.stderr).toBe(0);
      // The truth, from the simulator (a join into the other cluster may move one out of this one).
      const after = new Set(api.control.members(CLUSTER));
      const expected = [
        ...[...after].filter((id) => !before.has(id)).map((id) => `customer.joined ${id}`),
        ...[...before].filter((id) => !after.has(id)).map((id) => `customer.left ${id}`),
      ].sort();
      expect(expected.length).toBeGreaterThanOrEqual(5);
      await waitFor(
        'the churn events',
        () => emitted().length >= expected.length,
        () => ({ emitted: emittedIds() }),
      );
      await settle('after the churn');
      const churnItems = emitted().filter(({ event }) => !crafted.has(event.id));
      const seen = churnItems.map(({ event }) => `${event.type} ${event.customer_id}`).sort();
      expect(seen).toEqual(expected);
      expect(churnItems.every(({ event }) => event.cluster_id === CLUSTER)).toBe(true);
      // The other cluster's changes were delivered too (exit 0: all acknowledged), not emitted.
      const otherAfter = new Set(api.control.members(OTHER_CLUSTER));
      const otherChanges =
        [...otherAfter].filter((id) => !otherBefore.has(id)).length +
        [...otherBefore].filter((id) => !otherAfter.has(id)).length;
      expect(otherChanges).toBeGreaterThan(0);
      watcherEvents = expected.length + otherChanges;
      // One item per execution, one execution per event.
      const executions = emitted().map(({ executionId }) => executionId);
      expect(new Set(executions).size).toBe(executions.length);
      expect(new Set(emittedIds()).size).toBe(emittedIds().length);

      const latencies = churnItems
        .map(({ event, postedAt }) => postedAt - Date.parse(event.detected_at))
        .sort((a, b) => a - b);
      console.log(
        `Events trigger latency, ${runtime.label}: scan commit (detected_at) → n8n execution's ` +
          `HTTP node, ms: min ${latencies[0]}, median ${latencies[Math.floor(latencies.length / 2)]}, ` +
          `max ${latencies.at(-1)} over ${latencies.length} events`,
      );
    });

    it('a tampered body, a wrong secret, a stale timestamp and a missing header get 4xx and start nothing', async () => {
      const before = emitted().length;
      const refused: Array<[string, number, string]> = [];
      const tampered = craftedEvent();
      const forged = tampered.body.replace('customer.joined', 'customer.left');
      refused.push([
        'tampered',
        await post(forged, signedHeaders(tampered.id, tampered.body)),
        tampered.id,
      ]);
      const wrong = craftedEvent();
      const wrongSecret = generateWebhookSecret();
      refused.push([
        'wrong secret',
        await post(wrong.body, signedHeaders(wrong.id, wrong.body, wrongSecret)),
        wrong.id,
      ]);
      const stale = craftedEvent();
      const staleHeaders = signedHeaders(stale.id, stale.body, SECRET, nowSeconds() - 600);
      refused.push(['stale', await post(stale.body, staleHeaders), stale.id]);
      for (const header of ['webhook-signature', 'webhook-id', 'webhook-timestamp']) {
        const missing = craftedEvent();
        const headers: Record<string, string> = signedHeaders(missing.id, missing.body);
        delete headers[header];
        refused.push([`no ${header}`, await post(missing.body, headers), missing.id]);
      }
      expect(refused.map(([what, status]) => `${what} ${status}`)).toEqual([
        'tampered 401',
        'wrong secret 401',
        'stale 401',
        'no webhook-signature 400',
        'no webhook-id 400',
        'no webhook-timestamp 400',
      ]);
      await settle('after the refused requests');
      expect(emitted()).toHaveLength(before + 1); // the marker only
      const ids = new Set(emittedIds());
      expect(refused.filter(([, , id]) => ids.has(id))).toEqual([]);
    });

    it('dooki-watch replay of the same events starts no second execution', async () => {
      const before = emitted().length;
      const replay = await runDookiWatch(
        [
          'replay',
          '--since',
          '1h',
          '--state',
          join(stateDir, 'watch.db'),
          '--webhook',
          productionUrl,
        ],
        watcherEnv(),
      );
      expect(replay.code, replay.stderr).toBe(0);
      // Every event the watcher delivered went out again (and was acknowledged: exit 0).
      expect(replay.stderr).toContain(`replayed ${watcherEvents} events`);
      // A crafted redelivery too: same webhook-id, new timestamp and signature.
      const first = emitted()[0]!.event;
      const again = JSON.stringify(first);
      expect(await post(again, signedHeaders(first.id, again))).toBe(200);
      await settle('after the replay');
      expect(emitted()).toHaveLength(before + 1); // the marker only
    });

    it('the redelivery window outlives an n8n restart (it is in the workflow static data)', async () => {
      const before = emitted().length;
      await n8n!.stop();
      n8n = await host.start();
      productionUrl = `${n8n.url}/webhook/${WEBHOOK_ID}/webhook`;
      await webhookRegistered();
      const replay = await runDookiWatch(
        [
          'replay',
          '--since',
          '1h',
          '--state',
          join(stateDir, 'watch.db'),
          '--webhook',
          productionUrl,
        ],
        watcherEnv(),
      );
      expect(replay.code, replay.stderr).toBe(0);
      expect(replay.stderr).toContain(`replayed ${watcherEvents} events`);
      await settle('after the replay into the restarted n8n');
      expect(emitted()).toHaveLength(before + 1); // the marker only
    });

    it('accepts a delivery signed by the reference standardwebhooks library', async () => {
      const event = craftedEvent();
      const at = new Date();
      const signature = new Webhook(SECRET).sign(event.id, at, event.body);
      const status = await post(event.body, {
        'content-type': 'application/json',
        'webhook-id': event.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      });
      expect(status).toBe(200);
      await waitFor(
        'the library-signed event',
        () => emittedIds().includes(event.id),
        () => emittedIds(),
      );
    });

    it('n8n never tried to reach a host outside this machine', async () => {
      await n8n?.stop();
      n8n = undefined;
      expect(blockedConnections(host)).toEqual([]);
    });
  },
);
