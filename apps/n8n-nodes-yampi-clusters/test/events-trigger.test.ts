// The Yampi Cluster Events Trigger's webhook() against requests signed for real (core's signer
// and the reference `standardwebhooks` library), in a stand-in for n8n's webhook context: what
// it answers, what it emits, and what it remembers. The same node inside a running n8n, fed by a
// real dooki-watch, is e2e/yampi-events-trigger.e2e.test.ts.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { generateWebhookSecret, signWebhook } from '@clusterstream/core/webhooks';
import { YampiTrigger } from '../nodes/YampiTrigger/YampiTrigger.node';
import { isRedelivery, MAX_REMEMBERED_IDS } from '../nodes/YampiTrigger/redeliveries';
import { parseClusterIds } from '../nodes/YampiTrigger/cluster-event';

const node = new YampiTrigger();
const SECRET = generateWebhookSecret();
const DEFAULTS = {
  events: ['customer.joined', 'customer.left'],
  clusterIds: '',
  storeAlias: '',
  options: {},
};

function event(overrides: Record<string, unknown> = {}) {
  return {
    id: `evt_${randomBytes(16).toString('hex')}`,
    type: 'customer.joined',
    alias: 'demo-store',
    cluster_id: 7,
    customer_id: 42,
    scan: 3,
    detected_at: '2026-12-06T03:00:00.000Z',
    data: { id: 42, name: 'Ana' },
    ...overrides,
  };
}

function signed(body: string, id: string, secret = SECRET, at = Math.floor(Date.now() / 1000)) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(at),
    'webhook-signature': signWebhook(secret, id, at, body),
  };
}

interface Delivery {
  body: string;
  headers: Record<string, string>;
  parameters?: Record<string, unknown>;
  staticData?: IDataObject;
  mode?: 'webhook' | 'manual';
  /** The trigger's workflow (the in-memory window is per workflow and node). */
  workflowId?: string;
}

/** Runs webhook() once; returns the status it wrote (or n8n's default 200) and its items. */
async function deliver(delivery: Delivery) {
  const parameters: Record<string, unknown> = { ...DEFAULTS, ...delivery.parameters };
  const written: { status?: number; body?: string } = {};
  const context = {
    getRequestObject: () => ({ rawBody: Buffer.from(delivery.body, 'utf8') }),
    getHeaderData: () => delivery.headers,
    getResponseObject: () => ({
      writeHead: (status: number) => (written.status = status),
      end: (body: string) => (written.body = body),
    }),
    getCredentials: () => Promise.resolve({ webhookSecret: SECRET }),
    getNodeParameter: (name: string, fallback: unknown) => {
      const [first, second] = name.split('.') as [string, string | undefined];
      const value = second ? (parameters[first] as IDataObject)?.[second] : parameters[first];
      return value ?? fallback;
    },
    getMode: () => delivery.mode ?? 'webhook',
    getWorkflow: () => ({ id: delivery.workflowId ?? 'wfTest' }),
    getNode: () => ({ name: 'Yampi Cluster Events Trigger' }),
    getWorkflowStaticData: () => delivery.staticData ?? {},
    helpers: { returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })) },
  } as unknown as IWebhookFunctions;
  const result = await node.webhook.call(context);
  const items = result.workflowData?.[0]?.map(({ json }) => json) ?? [];
  return {
    status: written.status ?? 200,
    error: written.body ? (JSON.parse(written.body) as { error: string }).error : undefined,
    items,
    response: result.webhookResponse as IDataObject | undefined,
  };
}

const valid = (overrides: Record<string, unknown> = {}) => {
  const payload = event(overrides);
  const body = JSON.stringify(payload);
  return { payload, body, headers: signed(body, payload.id) };
};

describe('verification', () => {
  it('emits one item per verified event, with the fields exactly as sent', async () => {
    const { payload, body, headers } = valid();
    const outcome = await deliver({ body, headers });
    expect(outcome.status).toBe(200);
    expect(outcome.items).toEqual([payload]);
  });

  it('refuses a tampered body, a wrong secret and a stale timestamp with 401, a malformed request with 400', async () => {
    const { payload, body, headers } = valid();
    const stale = signed(body, payload.id, SECRET, Math.floor(Date.now() / 1000) - 301);
    const withoutSignature: Record<string, string> = { ...headers };
    delete withoutSignature['webhook-signature'];
    const garbage = 'not json';
    const cases: Array<[string, Delivery]> = [
      ['tampered', { body: body.replace('"scan":3', '"scan":4'), headers }],
      ['wrong secret', { body, headers: signed(body, payload.id, generateWebhookSecret()) }],
      ['stale', { body, headers: stale }],
      ['no signature', { body, headers: withoutSignature }],
      ['no id', { body, headers: { ...headers, 'webhook-id': '' } }],
      ['bad timestamp', { body, headers: { ...headers, 'webhook-timestamp': 'soon' } }],
      ['signed garbage', { body: garbage, headers: signed(garbage, payload.id) }],
      ['not an event', { body: '{"x":1}', headers: signed('{"x":1}', payload.id) }],
    ];
    const outcomes = [];
    for (const [what, delivery] of cases) {
      const { status, items } = await deliver(delivery);
      outcomes.push(`${what} ${status} ${items.length}`);
    }
    expect(outcomes).toEqual([
      'tampered 401 0',
      'wrong secret 401 0',
      'stale 401 0',
      'no signature 400 0',
      'no id 400 0',
      'bad timestamp 400 0',
      'signed garbage 400 0',
      'not an event 400 0',
    ]);
  });

  it('accepts any of several v1 signatures (secret rotation) and honours the tolerance option', async () => {
    const { payload, body } = valid();
    const at = Math.floor(Date.now() / 1000) - 600;
    const old = signWebhook(generateWebhookSecret(), payload.id, at, body);
    const current = signWebhook(SECRET, payload.id, at, body);
    const headers = {
      'webhook-id': payload.id,
      'webhook-timestamp': String(at),
      'webhook-signature': `${old} ${current}`,
    };
    expect((await deliver({ body, headers })).status).toBe(401); // 10 minutes > 5
    const wider = await deliver({
      body,
      headers,
      parameters: { options: { toleranceSeconds: 900 } },
    });
    expect(wider.items).toEqual([payload]);
  });

  it('interoperates with the reference standardwebhooks library both ways', async () => {
    const { payload, body } = valid();
    const at = new Date();
    const headers = {
      'webhook-id': payload.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(SECRET).sign(payload.id, at, body),
    };
    expect((await deliver({ body, headers })).items).toEqual([payload]);
    // What dooki-watch (core's signer) sends, the library verifies too.
    const ours = signed(body, payload.id);
    expect(new Webhook(SECRET).verify(body, ours)).toEqual(payload);
  });

  it('never echoes the secret in an answer', async () => {
    const { payload, body } = valid();
    const outcome = await deliver({
      body,
      headers: signed(body, payload.id, generateWebhookSecret()),
    });
    expect(outcome.error).toBe('no matching webhook-signature');
    expect(outcome.error).not.toContain(SECRET.slice(6, 20));
  });
});

describe('filters: acknowledged with 2xx, nothing emitted', () => {
  it.each([
    ['an unselected type', { type: 'customer.updated' }, {}],
    ['another cluster', { cluster_id: 8 }, { clusterIds: '7, 9' }],
    ['another store', { alias: 'other-store' }, { storeAlias: 'demo-store' }],
  ])('%s', async (_what, overrides, parameters) => {
    const { body, headers } = valid(overrides);
    const outcome = await deliver({ body, headers, parameters });
    expect(outcome).toMatchObject({ status: 200, items: [], response: { outcome: 'filtered' } });
  });

  it('emits what matches every filter', async () => {
    const { payload, body, headers } = valid({ type: 'customer.updated', cluster_id: 9 });
    const parameters = {
      events: ['customer.updated'],
      clusterIds: '7, 9',
      storeAlias: 'demo-store',
    };
    expect((await deliver({ body, headers, parameters })).items).toEqual([payload]);
  });
});

describe('redeliveries', () => {
  it('a webhook-id already emitted starts nothing the second time, even freshly signed', async () => {
    const staticData: IDataObject = {};
    const { payload, body } = valid();
    const first = await deliver({ body, headers: signed(body, payload.id), staticData });
    const again = await deliver({ body, headers: signed(body, payload.id), staticData });
    expect(first.items).toHaveLength(1);
    expect(again).toMatchObject({ status: 200, items: [], response: { outcome: 'duplicate' } });
    expect(JSON.parse(JSON.stringify(staticData))).toEqual(staticData); // JSON-serializable
  });

  it('the static data alone catches a redelivery (a restarted n8n: nothing in memory)', async () => {
    const staticData: IDataObject = {};
    const { body, headers } = valid();
    await deliver({ body, headers, staticData, workflowId: 'wfBeforeRestart' });
    const again = await deliver({ body, headers, staticData, workflowId: 'wfAfterRestart' });
    expect(again.response).toMatchObject({ outcome: 'duplicate' });
  });

  it('memory catches a redelivery when the host dropped the static data write, and the next call persists it', async () => {
    const { payload, body, headers } = valid();
    await deliver({ body, headers, staticData: {}, workflowId: 'wfDropped' }); // write lost (n8n 2.41)
    const reloaded: IDataObject = {};
    const again = await deliver({ body, headers, staticData: reloaded, workflowId: 'wfDropped' });
    expect(again.response).toMatchObject({ outcome: 'duplicate' });
    expect(reloaded.redeliveries).toMatchObject({ seenAt: { [payload.id]: expect.any(Number) } });
  });

  it('refused and filtered requests are not remembered, so a good delivery of the same id still counts', async () => {
    const staticData: IDataObject = {};
    const { payload, body, headers } = valid();
    await deliver({ body: `${body} `, headers, staticData }); // tampered: 401
    await deliver({ body, headers, staticData, parameters: { storeAlias: 'elsewhere' } });
    expect((await deliver({ body, headers, staticData })).items).toEqual([payload]);
  });

  it('test deliveries (manual mode) neither use nor fill the window', async () => {
    const staticData: IDataObject = {};
    const { body, headers } = valid();
    await deliver({ body, headers, staticData, mode: 'manual' });
    expect((await deliver({ body, headers, staticData, mode: 'manual' })).items).toHaveLength(1);
    expect(staticData).toEqual({});
  });

  it('forgets ids older than the window, and the oldest beyond the cap', () => {
    const staticData: IDataObject = {};
    const hour = 3_600_000;
    expect(isRedelivery(staticData, 'wfWindow/node', 'evt_a', 0, 24 * 3600)).toBe(false);
    expect(isRedelivery(staticData, 'wfWindow/node', 'evt_a', 23 * hour, 24 * 3600)).toBe(true);
    expect(isRedelivery(staticData, 'wfWindow/node', 'evt_a', 25 * hour, 24 * 3600)).toBe(false);
    // A full window (one id a second), then one more id: the oldest goes.
    const start = 26 * 3600;
    const full = Array.from({ length: MAX_REMEMBERED_IDS }, (_, index) => [
      `evt_${index}`,
      start + index,
    ]);
    staticData.redeliveries = { seenAt: Object.fromEntries(full) as IDataObject };
    const next = (start + MAX_REMEMBERED_IDS) * 1000;
    expect(
      isRedelivery(staticData, 'wfCap/node', `evt_${MAX_REMEMBERED_IDS}`, next, 24 * 3600),
    ).toBe(false);
    const seen = (staticData.redeliveries as { seenAt: Record<string, number> }).seenAt;
    expect(Object.keys(seen)).toHaveLength(MAX_REMEMBERED_IDS);
    expect(seen).not.toHaveProperty('evt_0');
    expect(seen).toHaveProperty('evt_1');
    expect(seen).toHaveProperty(`evt_${MAX_REMEMBERED_IDS}`);
  });
});

describe('activation and credential test', () => {
  const hook = (secret: string, clusterIds = '') =>
    ({
      getCredentials: () => Promise.resolve({ webhookSecret: secret }),
      getNodeParameter: () => clusterIds,
      getNode: () => ({ name: 'Yampi Cluster Events Trigger' }),
    }) as unknown as IHookFunctions;

  it('refuses to activate with an unusable secret or a cluster ID typo', async () => {
    const { default: lifecycle } = node.webhookMethods;
    const create = (context: IHookFunctions) => lifecycle.create.call(context);
    await expect(create(hook('not-a-secret'))).rejects.toThrow(/whsec_/);
    await expect(create(hook(SECRET, '7, x'))).rejects.toThrow(/"x" is not a cluster ID/);
    await expect(create(hook(SECRET, '7, 9'))).resolves.toBe(true);
  });

  it('the credential test checks the format without showing the secret', async () => {
    const { credentialTest } = node.methods;
    const run = (webhookSecret: string) =>
      credentialTest.checkWebhookSecret.call({} as never, {
        id: '1',
        name: 'x',
        type: 'yampiClusterEventsApi',
        data: { webhookSecret },
      });
    expect(await run(SECRET)).toMatchObject({ status: 'OK' });
    const short = await run('whsec_c2hvcnQ=');
    expect(short).toEqual({
      status: 'Error',
      message: 'webhook secret must hold at least 24 bytes of key',
    });
  });

  it('parses cluster IDs', () => {
    expect(parseClusterIds(' 7, 8 ,,9 ')).toEqual([7, 8, 9]);
    expect(parseClusterIds('')).toEqual([]);
    expect(() => parseClusterIds('7.5')).toThrow(RangeError);
    expect(() => parseClusterIds('0')).toThrow(RangeError);
  });
});
