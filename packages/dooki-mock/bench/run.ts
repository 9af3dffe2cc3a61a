// Benchmarks of the simulator. Run after a build: `pnpm bench` (or `npm run bench`).
import { once } from 'node:events';
import { Agent, get } from 'node:http';
import { fork, type ChildProcess } from 'node:child_process';
import type * as MockApiModule from '../src/index.js';

// The built package, as the other packages' benchmarks use it.
const distUrl = new URL('../dist/index.js', import.meta.url).href;
const { startMockApi, DEFAULT_CREDENTIALS } = (await import(distUrl)) as typeof MockApiModule;
const headers = {
  'User-Token': DEFAULT_CREDENTIALS.userToken,
  'User-Secret-Key': DEFAULT_CREDENTIALS.userSecretKey,
};
const CUSTOMERS = 300_000;
const LIMIT = 100;
const CONCURRENCY = 2;

interface Hosted {
  url: string;
  child: ChildProcess;
  request(message: string): Promise<Record<string, unknown>>;
}

/** Starts bench/server-process.mjs (`mock <size>` or `static <base64 body>`). */
async function host(args: string[]): Promise<Hosted> {
  const child = fork(new URL('./server-process.mjs', import.meta.url), args, {
    stdio: 'inherit',
    execArgv: [],
  });
  const [{ url }] = (await once(child, 'message')) as [{ url: string }];
  const request = async (message: string) => {
    child.send(message);
    const [reply] = (await once(child, 'message')) as [Record<string, unknown>];
    return reply;
  };
  return { url, child, request };
}

/** GETs `pages` pages with a keep-alive agent, discarding bodies; returns wall ms. */
async function stream(url: string, pages: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 1;
  const fetchPage = (page: number) =>
    new Promise<void>((resolve, reject) => {
      const path = `${url}/demo-store/customers/clusters/1/customers?page=${page}&limit=${LIMIT}&skipCache=true`;
      get(path, { agent, headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode} on page ${page}`));
        res
          .on('data', () => undefined)
          .on('end', resolve)
          .on('error', reject);
      }).on('error', reject);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next <= pages) await fetchPage(next++);
    }),
  );
  agent.destroy();
  return performance.now() - started;
}

async function throughput(args: string[]) {
  const server = await host(args);
  const pages = CUSTOMERS / LIMIT;
  await stream(server.url, 50); // warm-up
  await server.request('reset');
  const wallMs = await stream(server.url, pages);
  const { cpuMs } = (await server.request('cpu')) as { cpuMs: number };
  const exited = once(server.child, 'exit');
  server.child.send('close');
  await exited;
  return { serverPerSec: CUSTOMERS / (cpuMs / 1000), wallPerSec: CUSTOMERS / (wallMs / 1000) };
}

async function farPagesAndMemory() {
  const api = await startMockApi({ clusters: [{ id: 1, size: 5_000_000 }], rateLimit: false });
  const timePage = async (page: number, rounds: number) => {
    const started = performance.now();
    for (let i = 0; i < rounds; i++) {
      const res = await fetch(
        `${api.url}/demo-store/customers/clusters/1/customers?page=${page}&limit=100&skipCache=true`,
        { headers },
      );
      await res.arrayBuffer();
    }
    return (performance.now() - started) / rounds;
  };
  await timePage(1, 20);
  const heapBefore = process.memoryUsage().heapUsed;
  const first = await timePage(1, 100);
  const far = await timePage(49_999, 100);
  api.control.churn(1, { join: 10_000, leave: 10_000 });
  await timePage(25_000, 50);
  const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  await api.close();
  return { farOverFirst: far / first, heapGrowthMb };
}

const mock = await throughput(['mock', '1000000']);
const baseline = await throughput(['static', '1000']);
const far = await farPagesAndMemory();

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const rows: [string, string, string, boolean | null][] = [
  [
    'mock: customers/s per server CPU second',
    fmt(mock.serverPerSec),
    '>= 100,000',
    mock.serverPerSec >= 100_000,
  ],
  ['mock: customers/s end to end (wall, 2 connections)', fmt(mock.wallPerSec), 'info', null],
  ['baseline static-body server: customers/s per CPU s', fmt(baseline.serverPerSec), 'info', null],
  [
    'mock / static baseline (server CPU time)',
    fmt(mock.serverPerSec / baseline.serverPerSec, 3),
    '>= 0.10',
    mock.serverPerSec / baseline.serverPerSec >= 0.1,
  ],
  [
    'page 49,999 / page 1 latency (5M cluster)',
    fmt(far.farOverFirst, 2),
    '<= 2.0',
    far.farOverFirst <= 2,
  ],
  [
    'heap growth paging a 5M cluster + 20k churn (MB)',
    fmt(far.heapGrowthMb, 1),
    '< 24',
    far.heapGrowthMb < 24,
  ],
];
console.log(`dooki-mock bench: ${fmt(CUSTOMERS)} customers streamed per server, limit ${LIMIT}\n`);
console.log('| metric | measured | goal | result |\n|---|---|---|---|');
for (const [name, value, goal, pass] of rows) {
  console.log(`| ${name} | ${value} | ${goal} | ${pass === null ? '-' : pass ? 'PASS' : 'MISS'} |`);
}
