// What reaches the user when the connection itself fails or the server redirects, over
// real HTTP on 127.0.0.1 (issue 10: a refused connection showed as ECONNRESET, and
// `httpCode` said DOOKI_ERR_NETWORK).
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDookiClient, isDookiError } from '@clusterstream/core';
import { refusingPort } from '@clusterstream/dooki-mock/hostile';
import { NodeApiError, type IExecuteFunctions, type INode, type JsonObject } from 'n8n-workflow';
import { n8nClock } from '../nodes/shared/n8n-clock';
import { toNodeApiError } from '../nodes/Yampi/transport/errors';
import { n8nTransport } from '../nodes/Yampi/transport/n8n-transport';
import { createContext } from './n8n-context';

const alias = 'demo-store';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A server on 127.0.0.1 that counts the requests it gets. */
async function serve(handler: RequestListener) {
  const state = { url: '', requests: 0 };
  const server = createServer((request, response) => {
    state.requests += 1;
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** The node's client over its transport and clock; no retries, so failures show at once. */
function clientFor(baseUrl: string, context: IExecuteFunctions) {
  return createDookiClient({
    alias,
    baseUrl,
    transport: n8nTransport(context),
    clock: n8nClock,
    retry: { retries: 0 },
  });
}

function contextFor(baseUrl: string) {
  return createContext({
    credentials: { alias, baseUrl, userToken: 'user-token', userSecretKey: 'user-secret' },
    parameters: {},
  });
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('network failures', () => {
  it('a refused connection names ECONNREFUSED, and httpCode holds no status', async () => {
    const baseUrl = `http://127.0.0.1:${await refusingPort()}/v2`;
    const context = contextFor(baseUrl);
    const error = await failureOf(clientFor(baseUrl, context.execute).cluster(1));
    expect(isDookiError(error) && error.code).toBe('DOOKI_ERR_NETWORK');
    const nodeError = toNodeApiError(context.node, error, { alias, baseUrl });
    expect(nodeError.message).toBe(
      `Could not reach Yampi at ${baseUrl}: the connection was refused (ECONNREFUSED)`,
    );
    expect(nodeError.httpCode).toBeNull();
    expect(JSON.stringify(nodeError)).not.toContain('user-secret');
  });

  const node: INode = {
    id: 'n',
    name: 'Yampi',
    type: 'n8n-nodes-yampi-clusters.yampi',
    typeVersion: 1,
    position: [0, 0],
    parameters: {},
  };
  /** How n8n-core's httpRequestWithAuthentication fails: the axios error in a NodeApiError. */
  const fromN8n = (code: string, message: string) =>
    new NodeApiError(
      node,
      Object.assign(new Error(message), { name: 'AxiosError', code }) as unknown as JsonObject,
    );

  it.each([
    // n8n 1.x and 2.8 lose the NodeApiError's `cause`; its httpCode keeps the code.
    ['ENOTFOUND', 'the host name was not found', fromN8n('ENOTFOUND', 'getaddrinfo ENOTFOUND x')],
    ['ECONNABORTED', 'the connection timed out', fromN8n('ECONNABORTED', 'timeout of 31000ms')],
    // n8n 2.41 keeps the axios error as the cause.
    [
      'ETIMEDOUT',
      'the connection timed out',
      new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ETIMEDOUT' }) }),
    ],
  ])('%s from n8n reaches the message', async (code, words, thrown) => {
    const baseUrl = 'http://127.0.0.1:9/v2';
    const failing = {
      helpers: { httpRequestWithAuthentication: async () => Promise.reject(thrown) },
    } as unknown as IExecuteFunctions;
    const error = await failureOf(clientFor(baseUrl, failing).cluster(1));
    const nodeError = toNodeApiError(node, error, { alias, baseUrl });
    expect(nodeError.message).toBe(`Could not reach Yampi at ${baseUrl}: ${words} (${code})`);
    expect(nodeError.httpCode).toBeNull();
  });
});

describe('redirects', () => {
  it.each([302, 308])(
    'a %i is handed to core, which refuses it; the other server gets no request',
    async (status) => {
      const elsewhere = await serve((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"data":{"id":1,"name":"VIP"}}');
      });
      const redirecting = await serve((request, response) => {
        response.writeHead(status, { Location: `${elsewhere.url}${request.url}` });
        response.end();
      });
      const baseUrl = `${redirecting.url}/v2`;
      const context = contextFor(baseUrl);
      const error = await failureOf(clientFor(baseUrl, context.execute).cluster(1));
      expect(isDookiError(error) && error.code).toBe('DOOKI_ERR_REDIRECT');
      expect(redirecting.requests).toBe(1);
      expect(elsewhere.requests).toBe(0);
      const nodeError = toNodeApiError(context.node, error, { alias, baseUrl });
      expect(nodeError.message).toBe(
        `Yampi at ${baseUrl} answered with a redirect (${status}), which is not followed`,
      );
      expect(nodeError.httpCode).toBe(String(status));
    },
  );
});
