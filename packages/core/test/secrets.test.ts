import { inspect } from 'node:util';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fetchTransport, isDookiError, type DookiTransport } from '../src/index.js';
import { clientFor, DEFAULT_CREDENTIALS, startApi } from './helpers.js';

const SECRETS = [DEFAULT_CREDENTIALS.userToken, DEFAULT_CREDENTIALS.userSecretKey];

/** Every way an error could be shown or serialized. */
function renderings(error: unknown): string[] {
  return [
    String(error),
    (error as Error).stack ?? '',
    JSON.stringify(error),
    JSON.stringify(Object.entries(error as object)),
    inspect(error, { depth: 10, showHidden: true }),
  ];
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('credentials never leak', () => {
  it.each([
    ['401', { faults: [{ fault: { kind: 'status', status: 401 } }] }, 'DOOKI_ERR_AUTH'],
    ['404', { faults: [{ fault: { kind: 'status', status: 404 } }] }, 'DOOKI_ERR_NOT_FOUND'],
    [
      '503 after retries',
      { faults: [{ fault: { kind: 'status', status: 503 }, times: Infinity }] },
      'DOOKI_ERR_SERVER',
    ],
    [
      'a reset after retries',
      { faults: [{ fault: { kind: 'reset' }, times: Infinity }] },
      'DOOKI_ERR_NETWORK',
    ],
    [
      'a timeout after retries',
      { faults: [{ fault: { kind: 'hang' }, times: Infinity }] },
      'DOOKI_ERR_TIMEOUT',
    ],
    [
      'a 401 body echoing the token',
      {
        faults: [
          { fault: { kind: 'status', status: 401, body: { message: `bad token ${SECRETS[0]}` } } },
        ],
      },
      'DOOKI_ERR_AUTH',
    ],
  ] as const)('from errors of %s', async (_name, mock, code) => {
    await using api = await startApi({ clusters: [{ id: 1, size: 30 }], ...(mock as object) });
    const { client, events } = clientFor(api, {
      timeoutMs: 1_000, // only the hang fault may time out, even on a loaded machine
      retry: { retries: 1, baseDelayMs: 1 },
    });
    const error = await failure(() => lastValueFrom(client.clusterCustomers(1).pipe(toArray())));
    expect(isDookiError(error, code)).toBe(true);
    for (const text of [...renderings(error), JSON.stringify(events)]) {
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
  });

  it('from a custom transport whose error carries the request headers', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 30 }] });
    const leaky: DookiTransport = (request) =>
      Promise.reject(
        Object.assign(new Error(`refused with ${request.headers['User-Token']}`), {
          config: { headers: request.headers },
        }),
      );
    const { client } = clientFor(api, { transport: leaky, retry: { retries: 0 } });
    const error = await failure(() => client.cluster(1));
    expect(isDookiError(error, 'DOOKI_ERR_NETWORK')).toBe(true);
    expect(String(error)).toContain('refused with [redacted]');
    for (const text of renderings(error))
      for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('sends them only as headers, never in the URL', async () => {
    await using api = await startApi({ clusters: [{ id: 1, size: 30 }] });
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const { client } = clientFor(api, {
      transport: (request) => (seen.push(request), fetchTransport(request)),
    });
    await lastValueFrom(client.clusterCustomers(1).pipe(toArray()));
    expect(seen[0]!.headers).toMatchObject({
      'User-Token': SECRETS[0],
      'User-Secret-Key': SECRETS[1],
    });
    for (const secret of SECRETS) expect(seen[0]!.url).not.toContain(secret);
    expect(api.requests[0]!.credential).toBe('valid');
  });

  it('keys the shared rate limiters by a fingerprint, not the credential', async () => {
    await using api = await startApi({
      clusters: [{ id: 1, size: 5 }],
      rateLimit: { limit: 10, windowMs: 1_000 },
    });
    const { client } = clientFor(api, { rateLimit: { limit: 10, windowMs: 1_000 } });
    await lastValueFrom(client.clusterCustomers(1).pipe(toArray()));
    const registry = (Object as unknown as Record<symbol, Map<string, unknown>>)[
      Symbol.for('@clusterstream/core/rate-limiters')
    ]!;
    const keys = [...registry.keys()].filter((key) => key.startsWith(api.url));
    expect(keys).toHaveLength(1);
    for (const secret of SECRETS) expect(keys[0]).not.toContain(secret);
    expect(inspect(registry, { depth: 5 })).not.toContain(SECRETS[1]);
  });
});
