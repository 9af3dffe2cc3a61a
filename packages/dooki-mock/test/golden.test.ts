// Pins the wire format byte for byte: sha256 of real responses, computed from the simulator as
// it was before the page-serving fast path. Any byte change in a body (or in the headers listed
// below) fails here, so performance work cannot drift the output. If the format changes on
// purpose, recompute these hashes and say why in the commit.
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startMockApi, type LinksStyle, type MockApi } from '../src/index.js';
import { AUTH } from './helpers.js';

/** Sends every GET on one connection before reading anything; returns the bodies in order. */
async function pipelined(port: number, paths: string[]): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  const auth = Object.entries(AUTH).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.write(
    paths.map((path) => `GET /v2${path} HTTP/1.1\r\nHost: x\r\n${auth.join('')}\r\n`).join(''),
  );
  let raw = Buffer.alloc(0);
  const bodies: string[] = [];
  for await (const chunk of socket) {
    raw = Buffer.concat([raw, chunk as Buffer]);
    for (;;) {
      const headEnd = raw.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(raw.subarray(0, headEnd).toString());
      if (headEnd < 0 || !length || raw.length < headEnd + 4 + Number(length[1])) break;
      bodies.push(raw.toString('latin1', headEnd + 4, headEnd + 4 + Number(length[1])));
      raw = raw.subarray(headEnd + 4 + Number(length[1]));
    }
    if (bodies.length === paths.length) break;
  }
  socket.destroy();
  return bodies;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const PINNED_HEADERS = [
  'content-type',
  'content-length',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
];

/** Status, the deterministic headers and the body; the random port is masked out. */
async function wire(api: MockApi, path: string, method = 'GET'): Promise<string> {
  const res = await fetch(`${api.url}${path}`, { method, headers: AUTH });
  const body = await res.text();
  const headers = PINNED_HEADERS.map((name) => `${name}: ${res.headers.get(name)}`);
  return [res.status, ...headers, body.replaceAll(`:${api.port}/`, ':<port>/')].join('\n');
}

const pages = (cluster: number, queries: string[]): string[] =>
  queries.map((q) => `/demo-store/customers/clusters/${cluster}/customers?${q}&skipCache=true`);

const LINK_STYLES: LinksStyle[] = ['fractal', 'object', 'empty-string', 'null', 'missing'];

/** Every served variant for one seed, in a fixed order, as one hash per case. */
async function seedHashes(seed: number): Promise<Record<string, string>> {
  await using api = await startMockApi({
    seed,
    clusters: [
      { id: 1, size: 250 },
      { id: 5, size: 3 },
      { id: 9, size: 1_234 },
    ],
    rateLimit: { limit: 1_000, windowMs: 600_000 },
  });
  const out: Record<string, string> = {};
  const record = async (name: string, paths: string[], method?: string) => {
    const parts: string[] = [];
    for (const path of paths) parts.push(await wire(api, path, method));
    out[name] = sha256(parts.join('\n--\n'));
  };
  const paging = ['page=1&limit=100', 'page=3&limit=100', 'page=4&limit=100', 'page=2', ''];
  await record('pages-c1', pages(1, [...paging, 'limit=1&page=250', 'limit=500&page=2']));
  await record('pages-c5', pages(5, ['', 'limit=2&page=2', 'page=9']));
  await record('pages-c9', pages(9, ['limit=37&page=1', 'limit=37&page=17', 'limit=100&page=13']));
  await record('head', pages(9, ['limit=10&page=2']), 'HEAD');
  await record('clusters', ['/demo-store/customers/clusters', '/demo-store/customers/clusters/9']);
  const quirkPaths = pages(1, ['page=1&limit=100', 'page=2&limit=100', 'page=3&limit=100']).concat(
    pages(5, ['limit=10']),
    ['/demo-store/customers/clusters?limit=2&page=2'],
  );
  const quirkParts: string[] = [];
  for (const numbersAsStrings of [false, true]) {
    for (const links of LINK_STYLES) {
      api.control.setQuirks({ numbersAsStrings, links });
      for (const path of quirkPaths) quirkParts.push(await wire(api, path));
    }
  }
  out.quirks = sha256(quirkParts.join('\n--\n'));
  api.control.setQuirks({ numbersAsStrings: false, links: 'fractal' });
  api.control.churn(9, { join: 40, leave: 25 });
  api.control.addMembers(1, [1_500, 99_999]);
  await record(
    'churned',
    pages(9, ['limit=100&page=1', 'limit=100&page=13']).concat(pages(1, ['limit=100&page=3'])),
  );
  const ids = Array.from({ length: 300 }, (_, i) => 1 + ((i * 7_919) % 2_000)).concat([99_999]);
  out.control = sha256(ids.map((id) => JSON.stringify(api.control.customer(id))).join('\n'));
  return out;
}

const GOLDEN: Record<number, Record<string, string>> = {
  [1]: {
    'pages-c1': 'ceb2f93be14bcd43195d3c0f0d3e6f584a2212ce71b8e07d98dd8f8e50053a5c',
    'pages-c5': '50fe4fad8b85328b1134f85d22e4553f06c855a4d79eca57f0c17e3075d61e8d',
    'pages-c9': '0ee16993a5d5d43d19dffbc91d46201242c4b709cd451a04e0ff2154b5394cc7',
    head: 'e0f48ef96d26e575178dd7a72ab0e6337375809a7916a36b74570d87603ce596',
    clusters: '14cf6ec588ffab8c1dc9fc0f91af3d966b544158e45daed69f0c24ff34af49dc',
    quirks: '224a273003624b455cfc7aa664c2369b6f258a88954c698f212b7543ead79d13',
    churned: 'df5669dfa6bfc026d89778e4709b7f920fe86ade7fd6c714be705f505c923c3e',
    control: '7e42fe5fa8d9d5ec174849f5e6029be84106ce8ca55fab2e27da6cbb86aaef79',
  },
  [42]: {
    'pages-c1': '2c2ca83177bc6c71ab2ded71d7bce50f604ec035ea45f12276ff87a66e78b17c',
    'pages-c5': 'f475318c3d91de7c6f2c11397fe531ef14e11506246658a15dcda483c7a8d5a2',
    'pages-c9': '0322e03bfa1fada61dafa6acfab3d25ed0976807d5fc0997426b83c100ff1dd0',
    head: 'eb47b266cd4937e82b847d82ac8b968a8622f93bb84fdcf01f44a09c53b323ef',
    clusters: 'cea8f5ec2c4dcbc0710b50202bf8a06eaa15c48ab722d5e112aff1db32bea3a6',
    quirks: '8a8d0b71d179ecc5d1640427bc5faf265272911a709e6f73b50f3fa5848ddb5b',
    churned: 'f3d0b340d5803cbfeee5199d480a2f1ad12ff4389fb585c77d32040b6e781183',
    control: '5d8e3a9c0daca8f03fcbf2be97d9c2029871bfb05023696236b721764ab6680d',
  },
  [-7]: {
    'pages-c1': '4bcb8106eb09b1a8cd2026158533419967ac51791a7f53ec9052204ab5949fe6',
    'pages-c5': '4c39c1abeb1521c17c30613adf8bf91f0315088bcb4beca9b4a4731af9bbdd0c',
    'pages-c9': 'ba238dcb37c13152fd83d94b391f73aaf9674490d12d5d71d7fef33525ae1e1f',
    head: 'fcb5c06ab98ac76ba8ae53fa44e29468fbad11faeef5d1998f584df6daafb714',
    clusters: 'f6520218d74e078c814ed51477e906958533fd5b5bd9b86580712ecf9377723f',
    quirks: '023b962a02e342de8db56c9841804ea3e705fe11f1e1991a9edc09ddc187d7a6',
    churned: '6e4000a9a26e7d63d3eacd99a9ff8f8432c25da0d88f32516ee719bc627a6da6',
    control: '8ffd03dbdfa67dc9f80b112b515e2aa1da5174bf4529e2bba80445a3f87a950b',
  },
  [2 ** 40 + 3]: {
    'pages-c1': '342adf5be4e4fc9abef1d5a13dd84881551e7c3d297ec74b8186a590b954cb1c',
    'pages-c5': '2bfbdebdc3be344f13901ea416999ae8bbde18813e65edca4f5f3e1d2483b806',
    'pages-c9': '3753fc4e6960823b0e7f0877e8207f518af921eb9fcb6aea051aee6e3e17ff70',
    head: 'bb9c4b4409b6ea466715b615d51c9f857685947e540d7adab51601b53c365faf',
    clusters: '20e2be694c539b5ae96658d0151aac2dedf75d9df03cfa492fa356074820fe61',
    quirks: '06e9a90c8cb57c88a134e5cfd7cdae4f86c00f25cd61c2dc4a2a70e43d908bf0',
    churned: 'a9a395fec8eb9dac36f8572966a09a60105c1e985e014c6d3c12ab7945c30151',
    control: '04df39e8f8b8cf624bb6e519e5055c10d599653e5acf9b56d04cfa8c139f2409',
  },
};

describe('wire format', () => {
  it('keeps each pipelined uncached page intact (page buffers are recycled)', async () => {
    // Pipelined requests are all answered before the first response is flushed, so each queued
    // page must keep its own bytes until sent: a buffer recycled too early would show up here.
    await using api = await startMockApi({ seed: 3, clusters: [{ id: 1, size: 5_000 }] });
    const paths = Array.from({ length: 8 }, (_, i) => pages(1, [`page=${i + 1}&limit=100`])[0]!);
    const bodies = await pipelined(api.port, paths);
    bodies.forEach((body, i) => {
      const ids = Array.from({ length: 100 }, (_, k) => i * 100 + k + 1);
      const data = (JSON.parse(body) as { data: unknown[] }).data;
      expect(data).toEqual(ids.map((id) => api.control.customer(id)));
    });
  });

  it.each([1, 42, -7, 2 ** 40 + 3])(
    'is byte-identical to the pinned hashes for seed %d',
    async (seed) => {
      expect(await seedHashes(seed)).toEqual(GOLDEN[seed]);
    },
  );
});
