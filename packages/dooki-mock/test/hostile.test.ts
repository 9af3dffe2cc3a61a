import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  refusingPort,
  startHostileServer,
  type HostileServer,
  type HostileServerOptions,
} from '../src/hostile/index.js';
import { startMockApi } from '../src/index.js';
import { AUTH } from './helpers.js';

const open: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function start(options: HostileServerOptions): Promise<HostileServer> {
  const server = await startHostileServer(options);
  open.push(server);
  return server;
}

const PATH = '/demo-store/customers/clusters/1/customers';

interface Page {
  status: number;
  headers: Headers;
  ids: number[];
  meta: Record<string, number>;
}

async function page(server: HostileServer, page: number, limit = 100): Promise<Page> {
  const res = await fetch(`${server.url}${PATH}?page=${page}&limit=${limit}`, {
    headers: AUTH,
    redirect: 'manual',
  });
  const text = await res.text();
  const body = (text.startsWith('{') ? JSON.parse(text) : {}) as {
    data?: { id: number }[];
    meta?: { pagination: Record<string, number> };
  };
  return {
    status: res.status,
    headers: res.headers,
    ids: (body.data ?? []).map((customer) => customer.id),
    meta: body.meta?.pagination ?? {},
  };
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('hostile servers', () => {
  it('control serves the simulator’s pages byte for byte (links aside) and logs headers', async () => {
    const server = await start({ behaviour: 'control' });
    await using api = await startMockApi({ clusters: [{ id: 1, size: 1000 }], rateLimit: false });
    const get = async (base: string) => {
      const res = await fetch(`${base}${PATH}?page=2&limit=100`, { headers: AUTH });
      const body = (await res.json()) as { meta: { pagination: Record<string, unknown> } };
      delete body.meta.pagination.links;
      return body;
    };
    expect(await get(server.url)).toEqual(await get(api.url));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['user-token']).toBe(AUTH['User-Token']);
    expect(server.requests[0]!.finished).toBe(true);
  });

  it('refuses wrong credentials and unknown routes like the API', async () => {
    const server = await start({ behaviour: 'control' });
    const res = await fetch(`${server.url}${PATH}`, { headers: { 'User-Token': 'x' } });
    expect(res.status).toBe(401);
    const other = await fetch(`${server.url}/demo-store/customers/clusters/2/customers`, {
      headers: AUTH,
    });
    expect(other.status).toBe(404);
  });

  it('redirect-other-origin: a 302 to another port, which records what reaches it', async () => {
    const server = await start({ behaviour: 'redirect-other-origin' });
    const reply = await page(server, 1);
    expect(reply.status).toBe(302);
    const location = reply.headers.get('location')!;
    expect(location).toBe(`${server.otherOrigin!.origin}/v2${PATH}?page=1&limit=100`);
    expect(new URL(location).origin).not.toBe(server.origin);
    expect(server.otherOrigin!.requests).toHaveLength(0);
    await fetch(location, { headers: AUTH });
    expect(server.otherOrigin!.requests[0]!.headers['user-secret-key']).toBe(
      AUTH['User-Secret-Key'],
    );
  });

  it('empty-page-mid-stream, short-page, duplicates-across-pages: lying pages, honest meta', async () => {
    const empty = await start({ behaviour: 'empty-page-mid-stream' });
    expect((await page(empty, 2)).ids).toEqual(range(101, 200));
    expect(await page(empty, 3)).toMatchObject({ ids: [], meta: { total: 1000, count: 0 } });
    const short = await start({ behaviour: 'short-page' });
    expect(await page(short, 2)).toMatchObject({ ids: range(101, 150), meta: { count: 50 } });
    const duplicates = await start({ behaviour: 'duplicates-across-pages' });
    expect((await page(duplicates, 2)).ids).toEqual(range(91, 190));
    expect(duplicates.servedIds.size).toBe(100);
  });

  it('page-ignored: page 1’s data whatever the page, current_page echoing the request', async () => {
    const server = await start({ behaviour: 'page-ignored' });
    const reply = await page(server, 7);
    expect(reply.ids).toEqual(range(1, 100));
    expect(reply.meta).toMatchObject({ current_page: 7, total_pages: 10 });
  });

  it('growing-total-pages: past the honest pages, always one more, of ids already seen', async () => {
    const server = await start({ behaviour: 'growing-total-pages' });
    expect((await page(server, 9)).meta).toMatchObject({ total: 1000, total_pages: 10 });
    const tenth = await page(server, 10);
    expect(tenth.meta).toMatchObject({ current_page: 10, total_pages: 11 });
    expect(tenth.ids).toEqual(range(901, 1000));
    const later = await page(server, 25);
    expect(later.meta).toMatchObject({ current_page: 25, total_pages: 26 });
    expect(later.ids.every((id) => id <= 1000)).toBe(true);
  });

  it('total-shrinking: members of page 1 leave once it is served, on the chosen scan', async () => {
    const server = await start({ behaviour: 'total-shrinking', members: 3000 });
    expect((await page(server, 1)).meta.total).toBe(3000);
    const second = await page(server, 2);
    expect(second.meta.total).toBe(2995);
    expect(second.ids[0]).toBe(106);
    expect(server.members()).toEqual(range(6, 3000));
    const later = await start({
      behaviour: 'total-shrinking',
      members: 300,
      tuning: { shrinkOnScan: 2 },
    });
    await page(later, 1);
    expect((await page(later, 2)).meta.total).toBe(300);
    await page(later, 1);
    expect((await page(later, 2)).meta.total).toBe(295);
  });

  it('retry-after-huge and html-200', async () => {
    const limited = await page(await start({ behaviour: 'retry-after-huge' }), 1);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('86400');
    expect(limited.headers.get('x-ratelimit-limit')).toBeNull();
    const html = await fetch(`${(await start({ behaviour: 'html-200' })).url}${PATH}`, {
      headers: AUTH,
    });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('huge-body: a valid page padded to the size asked, noticed when the client hangs up', async () => {
    const server = await start({
      behaviour: 'huge-body',
      members: 100,
      tuning: { hugeBodyBytes: 3 * 1024 * 1024 },
    });
    const whole = await page(server, 1);
    expect(Number(whole.headers.get('content-length'))).toBeGreaterThan(3 * 1024 * 1024);
    expect(whole.ids).toEqual(range(1, 100));
    expect(server.requests[0]!.finished).toBe(true);
    const big = await start({ behaviour: 'huge-body', members: 100 });
    await hangUpAfterHeaders(big);
    expect(big.requests[0]).toMatchObject({ status: 200, finished: false, closedEarly: true });
  });

  it('slow-body: headers at once, then the body never ends', async () => {
    const server = await start({ behaviour: 'slow-body', tuning: { trickleIntervalMs: 5 } });
    const head = await hangUpAfterHeaders(server, 3);
    expect(head).toMatch(/^\{"data":\[ {2,}/);
    expect(server.requests[0]).toMatchObject({ finished: false, closedEarly: true });
  });
});

/**
 * GETs page 1, reads `chunks` body chunks, then destroys the connection, and waits until the
 * server has noticed. Returns the text read.
 */
async function hangUpAfterHeaders(server: HostileServer, chunks = 1): Promise<string> {
  const url = new URL(`${server.url}${PATH}?page=1&limit=100`);
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(url, { headers: AUTH }, (res) => {
      let read = '';
      let seen = 0;
      res.setEncoding('utf8').on('data', (chunk: string) => {
        read += chunk;
        if (++seen === chunks) {
          req.destroy();
          resolve(read);
        }
      });
    });
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
    req.end();
  });
  while (server.requests[0]?.closedEarly !== true) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return text;
}

describe('refusingPort', () => {
  it('names a loopback port that refuses connections, below the ports handed out for port 0', async () => {
    const port = await refusingPort();
    const error = await fetch(`http://127.0.0.1:${port}/v2`).catch((e: Error) => e);
    expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    const [ephemeralStart] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(port).toBeLessThan(ephemeralStart!);
  });
});
