import { describe, expect, it, vi } from 'vitest';
import { createDookiClient, isDookiError } from '@clusterstream/core';
import { NodeApiError } from 'n8n-workflow';
import { n8nTransport } from '../nodes/Yampi/transport/n8n-transport';
import { toNodeApiError } from '../nodes/Yampi/transport/errors';
import { contextFor, useTestApi } from './fixtures';

const mock = useTestApi();

/** A core client on the node's transport, with test-sized timeouts and retries. */
function clientOn(context: ReturnType<typeof contextFor>, options: object = {}) {
  return createDookiClient({
    alias: mock.api.alias,
    baseUrl: mock.api.url,
    transport: n8nTransport(context.execute),
    retry: { retries: 0, rateLimitRetries: 1, baseDelayMs: 1 },
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('n8n transport', () => {
  it("enforces core's timeout although n8n replaces the request's abort signal", async () => {
    const context = contextFor(mock.api, { parameters: {} });
    mock.api.control.addFault({ match: { route: 'cluster' }, fault: { kind: 'hang' } });
    const error = await rejection(clientOn(context, { timeoutMs: 300 }).cluster(1));
    expect(isDookiError(error) && error.code).toBe('DOOKI_ERR_TIMEOUT');
  });

  it("honours core's abort signal, which n8n's helper would otherwise ignore", async () => {
    const context = contextFor(mock.api, { parameters: {} });
    mock.api.control.addFault({ match: { route: 'cluster' }, fault: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = n8nTransport(context.execute)({
      method: 'GET',
      url: `${mock.api.url}/${mock.api.alias}/customers/clusters/1`,
      headers: {},
      signal: controller.signal,
      timeoutMs: 60_000,
      maxResponseBytes: 8 * 1024 * 1024,
    });
    await vi.waitUntil(() => mock.api.requests.length === 1);
    controller.abort();
    const error = await rejection(pending);
    expect((error as Error).name).toBe('AbortError');
  });

  it('reports a dropped connection as a network error carrying no request headers', async () => {
    const context = contextFor(mock.api, { parameters: {} });
    mock.api.control.addFault({ match: { route: 'cluster' }, fault: { kind: 'reset' } });
    const error = await rejection(clientOn(context).cluster(1));
    expect(isDookiError(error) && error.code).toBe('DOOKI_ERR_NETWORK');
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(
      mock.api.credentials.userSecretKey,
    );
  });

  it('rate limited after retries: the NodeApiError says to wait or run less often', async () => {
    const context = contextFor(mock.api, { parameters: {} });
    // Every answer is a 429 without Retry-After: core waits its assumed window (50 ms here)
    // before its one allowed retry, then gives up.
    mock.api.control.addFault({
      match: { route: 'cluster' },
      times: Infinity,
      fault: { kind: 'status', status: 429 },
    });
    const error = await rejection(
      clientOn(context, { rateLimit: { limit: 100, windowMs: 50 } }).cluster(1),
    );
    expect(isDookiError(error) && error.code).toBe('DOOKI_ERR_RATE_LIMITED');
    const nodeError = toNodeApiError(context.node, error, {
      alias: mock.api.alias,
      baseUrl: mock.api.url,
    });
    expect(nodeError).toBeInstanceOf(NodeApiError);
    expect(nodeError.message).toBe(
      'Yampi kept answering 429 Too Many Requests after several retries',
    );
    expect(nodeError.httpCode).toBe('429');
  });
});
