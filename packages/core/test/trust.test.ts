// Trust at the edges (issue 9): what the client does against servers that misbehave.
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  createDookiClient,
  fetchTransport,
  isDookiError,
  judgeScan,
  nodeHttpTransport,
  type DookiClientOptions,
  type DookiClock,
  type DookiError,
  type DookiTransport,
} from '../src/index.js';
import { timerClock } from '../src/clock/timer-clock.js';
import {
  idsOfPage,
  pageBody,
  sendJson,
  startHostile,
  type HostileServer,
} from './hostile-server.js';

const CREDENTIALS = { userToken: 'tok-SECRET-1234', userSecretKey: 'sk-SECRET-5678' };
const TRANSPORTS: [string, DookiTransport][] = [
  ['fetch', fetchTransport],
  ['node:http', nodeHttpTransport],
];

function clientOf(server: HostileServer, options: Partial<DookiClientOptions> = {}) {
  return createDookiClient({
    alias: 'store',
    ...CREDENTIALS,
    baseUrl: server.url,
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<DookiError> {
  const error: unknown = await promise.then(
    () => new Error('expected the scan to fail'),
    (caught: unknown) => caught,
  );
  if (!isDookiError(error)) throw error;
  return error;
}

const readAll = (server: HostileServer, options: Partial<DookiClientOptions> = {}) =>
  lastValueFrom(clientOf(server, options).clusterCustomers(1).pipe(toArray()));

describe.each(TRANSPORTS)('redirects (%s transport)', (_name, transport) => {
  it('never follows a redirect to another origin, so the credentials stay home', async () => {
    await using elsewhere = await startHostile((_request, response) =>
      sendJson(response, pageBody([1], { total: 1, currentPage: 1, totalPages: 1 })),
    );
    await using api = await startHostile((request, response) => {
      response.writeHead(302, { location: `${elsewhere.origin}${request.url}` }).end();
    });
    const error = await failure(readAll(api, { transport }));
    expect(error.code).toBe('DOOKI_ERR_REDIRECT');
    expect(error.status).toBe(302);
    expect(error.message).toContain(elsewhere.origin);
    expect(error.retryable).toBe(false);
    expect(api.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it.each([301, 307, 308])('refuses a same-origin %i too, naming it', async (status) => {
    await using api = await startHostile((request, response) => {
      if (request.url?.startsWith('/v3')) {
        sendJson(response, pageBody([1], { total: 1, currentPage: 1, totalPages: 1 }));
      } else response.writeHead(status, { location: '/v3/moved' }).end();
    });
    const error = await failure(readAll(api, { transport }));
    expect(error.code).toBe('DOOKI_ERR_REDIRECT');
    expect(error.message).toContain('same host');
    expect(api.requests).toHaveLength(1);
  });
});

describe.each(TRANSPORTS)('response size cap (%s transport)', (_name, transport) => {
  it.each([
    ['with Content-Length', true],
    ['chunked, without Content-Length', false],
  ])('fails a body past maxResponseBytes %s as a bad page, retried', async (_how, declared) => {
    const huge = Buffer.alloc(3 * 1024 * 1024, 'x');
    await using api = await startHostile((_request, response) => {
      response.writeHead(200, declared ? { 'content-length': huge.length } : {});
      response.end(huge);
    });
    const error = await failure(
      readAll(api, {
        transport,
        maxResponseBytes: 1024 * 1024,
        retry: { retries: 2, baseDelayMs: 1 },
      }),
    );
    expect(error.code).toBe('DOOKI_ERR_BAD_PAGE');
    expect(error.message).toContain('maxResponseBytes');
    expect(api.requests).toHaveLength(3);
  });

  it('accepts a body just under the cap', async () => {
    await using api = await startHostile((_request, response) =>
      sendJson(response, pageBody(idsOfPage(1, 5), { total: 5, currentPage: 1, totalPages: 1 })),
    );
    const customers = await readAll(api, { transport, maxResponseBytes: 2048 });
    expect(customers.map((customer) => customer.id)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('Retry-After cap', () => {
  it('fails at once, naming the server value, when Retry-After exceeds maxRetryAfterMs', async () => {
    await using api = await startHostile((_request, response) => {
      response.writeHead(429, { 'retry-after': '86400' }).end();
    });
    const error = await failure(readAll(api));
    expect(error.code).toBe('DOOKI_ERR_RATE_LIMITED');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('86400');
    expect(error.message).toContain('maxRetryAfterMs');
    expect(api.requests).toHaveLength(1);
  });

  it('waits out a Retry-After within the cap and asks the same page again', async () => {
    let answered = 0;
    await using api = await startHostile((_request, response) => {
      answered += 1;
      if (answered === 1) response.writeHead(429, { 'retry-after': '1' }).end();
      else sendJson(response, pageBody([7], { total: 1, currentPage: 1, totalPages: 1 }));
    });
    const waits: number[] = [];
    const countingClock: DookiClock = {
      sleep: (ms, signal) => {
        waits.push(ms);
        // Shortens only the advised wait (1 s + up to 10% jitter), not the request timeouts.
        return timerClock.sleep(ms >= 1_000 && ms <= 1_100 ? 5 : ms, signal);
      },
    };
    const customers = await readAll(api, {
      clock: countingClock,
      retry: { maxRetryAfterMs: 2_000 },
    });
    expect(customers.map((customer) => customer.id)).toEqual([7]);
    expect(api.requests.map((request) => request.page)).toEqual([1, 1]);
    // The rate-limit wait went through the injected clock, for the advised second (+ jitter).
    expect(waits.some((ms) => ms >= 1_000 && ms <= 1_100)).toBe(true);
  });
});

describe('options', () => {
  it('treats an undefined field as the default, not as "off"', async () => {
    let answered = 0;
    await using api = await startHostile((_request, response) => {
      answered += 1;
      if (answered <= 2) response.writeHead(503).end();
      else sendJson(response, pageBody([1], { total: 1, currentPage: 1, totalPages: 1 }));
    });
    const customers = await readAll(api, {
      retry: { retries: undefined, baseDelayMs: 1, maxDelayMs: undefined },
      timeoutMs: undefined,
    });
    expect(customers).toHaveLength(1);
    expect(api.requests).toHaveLength(3);
  });

  it.each([
    ['a line feed', 'tok\n1234'],
    ['a carriage return', 'tok\r\nX-Evil: 1'],
    ['a space', 'tok 1234'],
  ])('refuses a credential with %s before any request, without echoing it', (_what, token) => {
    const create = () =>
      createDookiClient({ alias: 'store', userToken: token, userSecretKey: 'secret-123' });
    expect(create).toThrow(/userToken contains/);
    try {
      create();
    } catch (error) {
      expect(isDookiError(error, 'DOOKI_ERR_INVALID_OPTIONS')).toBe(true);
      expect((error as Error).message).not.toContain(token);
    }
  });

  it.each(['.', '..', '...'])(
    'refuses the alias %j, which would send the credentials outside /v2 (issue 17)',
    (alias) => {
      expect(() => createDookiClient({ alias, ...CREDENTIALS })).toThrow(/not dots alone/);
      expect(() => createDookiClient({ alias: `loja${alias}b`, ...CREDENTIALS })).not.toThrow();
    },
  );

  it('refuses plain http:// to another host unless allowInsecureHttp', () => {
    const options = { alias: 'store', ...CREDENTIALS, baseUrl: 'http://api.example.com/v2' };
    expect(() => createDookiClient(options)).toThrow(/unencrypted/);
    expect(() => createDookiClient({ ...options, allowInsecureHttp: true })).not.toThrow();
    expect(() => createDookiClient({ ...options, baseUrl: 'http://localhost:9/v2' })).not.toThrow();
    expect(() =>
      createDookiClient({ ...options, baseUrl: 'https://u:p@api.example.com/v2' }),
    ).toThrow(/user name or password/);
  });
});

describe('pagination that would never end', () => {
  it('stops a server that ignores `page` (echoing it back) after a few stale pages', async () => {
    await using api = await startHostile((_request, response, page) =>
      sendJson(
        response,
        pageBody(idsOfPage(1, 100), { total: 100, currentPage: page, totalPages: 10 }),
      ),
    );
    const error = await failure(readAll(api));
    expect(error.code).toBe('DOOKI_ERR_LOOP');
    expect(error.message).toContain('not advancing');
    expect(api.requests.length).toBeLessThanOrEqual(5);
  });

  it('stops a server that keeps raising total_pages while serving ids already seen', async () => {
    // Every page brings one new id among old ones, so it is never fully stale.
    await using api = await startHostile((_request, response, page) => {
      const ids = [...idsOfPage(1, 100).slice(0, 9), 1000 + page];
      sendJson(
        response,
        pageBody(ids, { total: 100 + page, currentPage: page, totalPages: page + 1 }),
      );
    });
    const error = await failure(readAll(api));
    expect(error.code).toBe('DOOKI_ERR_LOOP');
    expect(error.message).toContain('ran away');
    // First total_pages was 2: the budget is 2 × 2 + 10 pages.
    expect(api.requests.length).toBe(15);
  });
});

describe('judgeScan over real scans', () => {
  const scanOf = async (handler: Parameters<typeof startHostile>[0]) => {
    await using api = await startHostile(handler);
    const pages = clientOf(api).iterateClusterCustomerPages(1);
    let error: unknown;
    try {
      for await (const page of pages) void page;
    } catch (caught) {
      error = caught;
    }
    return { verdict: judgeScan(pages.summary), error };
  };

  it('passes a whole, steady cluster', async () => {
    const { verdict } = await scanOf((_request, response, page) =>
      sendJson(
        response,
        pageBody(idsOfPage(page, 25), { total: 25, currentPage: page, totalPages: 3 }),
      ),
    );
    expect(verdict).toMatchObject({ complete: true, consistent: true, seen: 25, reasons: [] });
  });

  it('fails an empty page mid-stream (the loop stops on it, 20 of 50)', async () => {
    const { verdict } = await scanOf((_request, response, page) => {
      const ids = page === 3 ? [] : idsOfPage(page, 50);
      sendJson(response, pageBody(ids, { total: 50, currentPage: page, totalPages: 5 }));
    });
    expect(verdict.complete).toBe(false);
    expect(verdict.reasons).toContain(
      'read 20 distinct customers but the server reported a total of 50',
    );
  });

  it('fails a short page and duplicates across pages', async () => {
    const short = await scanOf((_request, response, page) => {
      const ids = page === 2 ? idsOfPage(2, 30).slice(0, 3) : idsOfPage(page, 30);
      sendJson(response, pageBody(ids, { total: 30, currentPage: page, totalPages: 3 }));
    });
    expect(short.verdict).toMatchObject({ complete: false, seen: 23 });
    const duplicated = await scanOf((_request, response, page) => {
      const ids = page === 2 ? idsOfPage(1, 30) : idsOfPage(page, 30);
      sendJson(response, pageBody(ids, { total: 30, currentPage: page, totalPages: 3 }));
    });
    expect(duplicated.verdict).toMatchObject({
      complete: false,
      consistent: false,
      duplicates: 10,
    });
  });

  it('calls a scan whose total shrank mid-way inconsistent, naming the drift', async () => {
    const { verdict } = await scanOf((_request, response, page) => {
      const total = page === 1 ? 30 : 25;
      sendJson(
        response,
        pageBody(idsOfPage(page, total), { total, currentPage: page, totalPages: 3 }),
      );
    });
    expect(verdict.consistent).toBe(false);
    expect(verdict.reasons.join('\n')).toContain('the total changed during the scan (30 → 25');
  });
});
