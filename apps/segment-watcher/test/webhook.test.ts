import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/webhooks/standard-webhooks.js';
import { type ClusterChange } from '../src/events.js';
import { startMock, tempDir } from './helpers/fixtures.js';
import { cli, CREDENTIAL_ENV, watchArgs } from './helpers/cli.js';
import { startReceiver, type Reply } from './helpers/receiver.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const env = { ...CREDENTIAL_ENV, DOOKI_WATCH_WEBHOOK_SECRET: SECRET };
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A simulator with a baseline already taken, and the args to watch it into `url`. */
async function watched(url: string) {
  const api = await startMock({ clusters: [{ id: 1, size: 120 }] });
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const state = join(dir, 'watch.db');
  const args = [
    ...watchArgs(api.url, state),
    '--webhook',
    url,
    '--webhook-retries',
    '3',
    '--webhook-retry-delay',
    '10',
    '--webhook-timeout',
    '300',
  ];
  expect((await cli(args, env)).code).toBe(0);
  return { api, state, args, [Symbol.asyncDispose]: () => api.close() };
}

function verified(request: { headers: Record<string, unknown>; body: string }): ClusterChange {
  return verifyWebhook<ClusterChange>(
    SECRET,
    request.headers as Record<string, string>,
    request.body,
  );
}

describe('webhook delivery (Standard Webhooks, real receiver)', () => {
  it('signs every event so verifyWebhook accepts it, with webhook-id = event id, in order', async () => {
    await using receiver = await startReceiver();
    await using w = await watched(receiver.url);
    const { joined } = w.api.control.churn(1, { join: 3 });
    const run = await cli(w.args, env);
    expect(run.code).toBe(0);
    expect(run.stdout.text).toBe('');
    const changes = receiver.accepted().map(verified);
    expect(changes.map((c) => c.customer_id)).toEqual(joined);
    receiver.accepted().forEach((request, index) => {
      expect(request.headers['webhook-id']).toBe(changes[index]!.id);
      expect(request.headers['content-type']).toBe('application/json');
    });
  });

  it('retries 5xx, 429 and timeouts with the same webhook-id until a 2xx', async () => {
    const script: Reply[] = [
      { status: 503 },
      { status: 429, headers: { 'retry-after': '0' } },
      'hang',
      { status: 200 },
    ];
    await using receiver = await startReceiver(
      (_id, attempt) => script[attempt] ?? { status: 200 },
    );
    await using w = await watched(receiver.url);
    w.api.control.churn(1, { join: 2 });
    expect((await cli(w.args, env)).code).toBe(0);
    const ids = receiver.requests.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(8); // 4 attempts per event
    expect(new Set(ids.slice(0, 4)).size).toBe(1);
    expect(receiver.accepted().map(verified)).toHaveLength(2);
  }, 60_000); // a hang, not a slow machine, must be what times out

  it('keeps undeliverable events in the outbox (exit 6) and delivers them, same ids, next run', async () => {
    let healthy = false;
    await using receiver = await startReceiver(() => (healthy ? { status: 202 } : { status: 500 }));
    await using w = await watched(receiver.url);
    w.api.control.churn(1, { join: 2 });
    const failed = await cli(w.args, env);
    expect(failed.code).toBe(6);
    expect(failed.stderr.text).toMatch(/2 event\(s\) stay in the outbox/);
    const failedIds = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
    healthy = true;
    expect((await cli(w.args, env)).code).toBe(0);
    expect(receiver.accepted().map((r) => r.headers['webhook-id'])).toEqual(
      expect.arrayContaining([...failedIds]),
    );
    const status = JSON.parse((await cli(['status', '--state', w.state, '--json'])).stdout.text);
    expect(status.pendingDeliveries).toBe(0);
  });

  it('disables the endpoint on 410 until --reenable-webhook', async () => {
    let gone = true;
    await using receiver = await startReceiver(() => (gone ? { status: 410 } : { status: 200 }));
    await using w = await watched(receiver.url);
    w.api.control.churn(1, { join: 2 });
    expect((await cli(w.args, env)).code).toBe(6);
    expect(receiver.requests).toHaveLength(1); // no retry after 410
    gone = false;
    expect((await cli(w.args, env)).code).toBe(6);
    expect(receiver.requests).toHaveLength(1); // still disabled: not called at all
    const status = JSON.parse((await cli(['status', '--state', w.state, '--json'])).stdout.text);
    expect(status.disabledSinks[0].reason).toMatch(/410 Gone/);
    expect((await cli([...w.args, '--reenable-webhook'], env)).code).toBe(0);
    expect(receiver.accepted()).toHaveLength(2);
  });
});
