import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, onTestFailed } from 'vitest';
import { generateStores, startMockApi, type MockApi } from '@clusterstream/dooki-mock';

const BIN = fileURLToPath(new URL('../../bin.js', import.meta.url));

export interface FleetStoreSpec {
  count: number;
  clustersPerStore: number;
  membersPerCluster: number;
  /** Requests per store and window (the simulator sends the rate headers). */
  rateLimit?: { limit: number; windowMs: number };
}

/** A simulator serving `count` stores, with rate limits per store. */
export function startFleetApi(spec: FleetStoreSpec): Promise<MockApi> {
  return startMockApi({
    stores: generateStores({
      count: spec.count,
      clustersPerStore: spec.clustersPerStore,
      membersPerCluster: spec.membersPerCluster,
    }),
    rateLimit: spec.rateLimit ?? { limit: 600, windowMs: 10_000 },
  });
}

/** What a fleet file needs of a simulator: an in-process `MockApi` or the bench kit's child. */
export interface FleetApi {
  url: string;
  stores: readonly { alias: string; credentials: { userToken: string; userSecretKey: string } }[];
}

const envName = (alias: string, what: string): string =>
  `${alias.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${what}`;

/**
 * Writes a fleet file for every store of `api` (credentials by variable name, one NDJSON sink
 * per store under `dir`) and returns it with the environment that holds the credentials.
 */
export function writeFleetFile(
  api: FleetApi,
  dir: string,
  options: {
    interval?: string;
    /** The clusters every store watches; default `all` (listed by a discovery job). */
    clusters?: readonly number[];
    confirmScans?: number;
    /** A store whose sink is this webhook (secret in the returned env) instead of NDJSON. */
    webhook?: { alias: string; url: string; secret: string };
    /** Only these stores of `api` (default all). */
    aliases?: readonly string[];
    /** Extra top-level lines (e.g. `fields: [name]`), appended before `stores:`. */
    extra?: readonly string[];
    /** The file's name under `dir` (default fleet.yaml), for several files in one test. */
    name?: string;
  } = {},
): { file: string; env: NodeJS.ProcessEnv; sinkOf: (alias: string) => string } {
  const env: NodeJS.ProcessEnv = {};
  const { webhook } = options;
  if (webhook !== undefined) env.FLEET_WEBHOOK_SECRET = webhook.secret;
  const sinkOf = (alias: string): string => join(dir, `${alias}.ndjson`);
  const lines = [
    `interval: ${options.interval ?? '1s'}`,
    `baseUrl: ${api.url}`,
    `rules: { confirmScans: ${options.confirmScans ?? 2} }`,
    ...(options.extra ?? []),
    'stores:',
  ];
  const chosen = api.stores.filter(
    (store) => options.aliases === undefined || options.aliases.includes(store.alias),
  );
  for (const store of chosen) {
    env[envName(store.alias, 'TOKEN')] = store.credentials.userToken;
    env[envName(store.alias, 'SECRET')] = store.credentials.userSecretKey;
    lines.push(
      `  - alias: ${store.alias}`,
      `    credentials: { userTokenEnv: ${envName(store.alias, 'TOKEN')}, userSecretKeyEnv: ${envName(store.alias, 'SECRET')} }`,
      `    clusters: ${options.clusters === undefined ? 'all' : `[${options.clusters.join(', ')}]`}`,
      '    sinks:',
      webhook?.alias === store.alias
        ? `      - { webhook: "${webhook.url}", secretEnv: FLEET_WEBHOOK_SECRET }`
        : `      - ndjson: ${sinkOf(store.alias)}`,
    );
  }
  const file = join(dir, options.name ?? 'fleet.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, env, sinkOf };
}

/** A running `dooki-watch fleet` process and what it printed. */
export interface FleetWorker {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** `/healthz` and `/metrics` base URL, once the process printed it. */
  readonly opsUrl: () => Promise<string>;
  stop(): Promise<number | null>;
}

/** Starts `dooki-watch fleet` as a real process with short heartbeat timing. */
export function startWorker(
  config: { file: string; env: NodeJS.ProcessEnv },
  databaseUrl: string,
  extraEnv: NodeJS.ProcessEnv = {},
  concurrency = 20,
  extraArgs: readonly string[] = ['--ops-port', '0'],
): FleetWorker {
  const child = spawn(
    process.execPath,
    [BIN, 'fleet', '--config', config.file, '--concurrency', String(concurrency), ...extraArgs],
    {
      env: {
        PATH: process.env.PATH,
        ...config.env,
        DOOKI_WATCH_DATABASE_URL: databaseUrl,
        DOOKI_FLEET_HEARTBEAT_MS: '300',
        DOOKI_FLEET_DEAD_AFTER_MS: '2000',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  showOutputOnFailure(child.pid, () => text);
  return {
    child,
    output: () => text,
    async opsUrl() {
      for (;;) {
        const match = /ops server on (http:\/\/[\d.:]+)/.exec(text);
        if (match) return match[1]!;
        if (child.exitCode !== null) throw new Error(`worker exited:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const [code] = await exited;
      return code;
    },
  };
}

/**
 * Waits until the worker answers `/healthz` with 200: its first heartbeat is written (a process
 * that cannot write it does not start), so peers can tell when it goes silent.
 */
export async function waitForReady(worker: FleetWorker): Promise<void> {
  const ops = await worker.opsUrl();
  await waitFor(`worker ${worker.child.pid} ready`, async () => {
    const response = await fetch(`${ops}/healthz`).catch(() => null);
    return response?.status === 200;
  });
}

/** A failing test prints the end of each worker's output: a CI failure is diagnosable from its log. */
function showOutputOnFailure(pid: number | undefined, output: () => string): void {
  try {
    onTestFailed(() => {
      const lines = output().trimEnd().split('\n');
      console.log(`--- fleet worker ${pid}, last ${Math.min(lines.length, 60)} lines ---`);
      console.log(lines.slice(-60).join('\n'));
    });
  } catch {
    // Started outside a test (a hook): its test's own failure message has to do.
  }
}

export interface DeliveredEvent {
  id: string;
  type: string;
  alias: string;
  cluster_id: number;
  customer_id: number;
}

/** Event lines (parsed) a store's NDJSON sink holds so far. */
export function readEvents(path: string): DeliveredEvent[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DeliveredEvent);
}

/** Polls `check` until it returns true or `timeoutMs` passes (a hang, not a timing assertion). */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `type:cluster:customer` of an event: what the simulator's ground truth can predict. */
export const eventKey = (event: Pick<DeliveredEvent, 'type' | 'cluster_id' | 'customer_id'>) =>
  `${event.type}:${event.cluster_id}:${event.customer_id}`;

/**
 * Churns every cluster of every store of `api` and returns, per store, the events the ground
 * truth predicts: a diff of `control.members` before and after (a customer who joins one
 * cluster may leave another).
 */
export function churnAll(
  api: MockApi,
  change: { join: number; leave: number },
  aliases: readonly string[] = api.stores.map((store) => store.alias),
  clusterIds: readonly number[] = [1, 2],
): Map<string, Set<string>> {
  const expected = new Map<string, Set<string>>();
  for (const alias of aliases) {
    const { control } = api.store(alias);
    const before = clusterIds.map((id) => new Set(control.members(id)));
    for (const clusterId of clusterIds) control.churn(clusterId, change);
    const keys = new Set<string>();
    clusterIds.forEach((clusterId, index) => {
      const after = new Set(control.members(clusterId));
      for (const id of after)
        if (!before[index]!.has(id)) keys.add(`customer.joined:${clusterId}:${id}`);
      for (const id of before[index]!)
        if (!after.has(id)) keys.add(`customer.left:${clusterId}:${id}`);
    });
    expected.set(alias, keys);
  }
  return expected;
}

/** Counts, per store and change, how many times the rounds so far expect it. */
export function countExpected(
  rounds: readonly ReadonlyMap<string, ReadonlySet<string>>[],
): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const round of rounds) {
    for (const [alias, keys] of round) {
      const perStore = counts.get(alias) ?? new Map<string, number>();
      for (const key of keys) perStore.set(key, (perStore.get(key) ?? 0) + 1);
      counts.set(alias, perStore);
    }
  }
  return counts;
}

/** Whether every expected event of every store is in `delivered(alias)`. */
export function allArrived(
  expected: ReadonlyMap<string, ReadonlySet<string> | ReadonlyMap<string, number>>,
  delivered: (alias: string) => readonly DeliveredEvent[],
): boolean {
  return [...expected].every(([alias, keys]) => {
    const seen = new Set(delivered(alias).map(eventKey));
    return [...keys.keys()].every((key) => seen.has(key));
  });
}

/**
 * The at-least-once contract, per store: exactly the expected changes (none lost, none
 * invented), each under one id however often it was delivered, and only the store's own.
 */
export function deliveryProblems(
  expected: ReadonlyMap<string, ReadonlySet<string> | ReadonlyMap<string, number>>,
  delivered: (alias: string) => readonly DeliveredEvent[],
): string[] {
  const problems: string[] = [];
  for (const [alias, keys] of expected) {
    // A change the rounds expect n times (a customer moved back and forth) has n ids.
    const times = (key: string): number =>
      keys instanceof Map ? ((keys as ReadonlyMap<string, number>).get(key) ?? 0) : 1;
    const idsByKey = new Map<string, Set<string>>();
    const lineById = new Map<string, string>();
    for (const event of delivered(alias)) {
      if (event.alias !== alias)
        problems.push(`${alias}: holds ${event.alias}'s event ${event.id}`);
      const ids = idsByKey.get(eventKey(event)) ?? new Set<string>();
      ids.add(event.id);
      idsByKey.set(eventKey(event), ids);
      const line = JSON.stringify(event);
      if ((lineById.get(event.id) ?? line) !== line)
        problems.push(`${alias}: ${event.id} delivered twice with different content`);
      lineById.set(event.id, line);
    }
    for (const key of keys.keys()) if (!idsByKey.has(key)) problems.push(`${alias}: lost ${key}`);
    for (const [key, ids] of idsByKey) {
      if (!keys.has(key)) problems.push(`${alias}: invented ${key}`);
      else if (ids.size > times(key))
        problems.push(`${alias}: ${key} delivered under ${ids.size} ids`);
    }
  }
  return problems;
}

/** Sum of a Prometheus counter's samples whose labels contain `labels` (e.g. `outcome="baseline"`). */
export function metricSum(text: string, name: string, labels = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels !== '' && !line.includes(labels)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** A worker's `/metrics` text. */
export async function scrape(worker: FleetWorker): Promise<string> {
  return (await fetch(`${await worker.opsUrl()}/metrics`)).text();
}

/** Waits until the workers together report `clusters` baseline scans (baselines are silent). */
export async function waitForBaselines(
  workers: readonly FleetWorker[],
  clusters: number,
): Promise<void> {
  await waitFor(`a baseline of ${clusters} clusters`, async () => {
    let sum = 0;
    for (const worker of workers)
      sum += metricSum(await scrape(worker), 'dooki_watch_scans_total', 'outcome="baseline"');
    return sum >= clusters;
  });
}

/** What a fleet test tears down after itself, last registered first (registers the afterEach). */
export function trackCleanups(): { push(cleanup: () => unknown): void } {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return { push: (cleanup) => void cleanups.push(cleanup) };
}

/** Runs `dooki-watch fleet` to its end (a start-up that must fail); its exit code and output. */
export async function runFleetToExit(
  config: { file: string; env: NodeJS.ProcessEnv },
  databaseUrl: string,
  extraArgs: readonly string[] = ['--ops-port', '0'],
): Promise<{ code: number | null; output: string }> {
  const worker = startWorker(config, databaseUrl, {}, 4, extraArgs);
  // A start-up failure ends the process by itself; a hang fails the test's own timeout.
  const [code] = (await once(worker.child, 'exit')) as [number | null];
  return { code, output: worker.output() };
}

/** Rows of `sql` on `databaseUrl` (a short-lived connection of the test's own). */
export async function queryRows<T extends object>(
  databaseUrl: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh directory under the system temp dir, removed after the test. */
export function tempDir(prefix: string, cleanups: { push(cleanup: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The kernel's peak resident set of a live process (`VmHWM`, what getrusage reports as maxRSS). */
export function peakRss(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? Number.NaN : Number(match[1]) * 1024;
}

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on every Linux architecture). */
const USER_HZ = 100;

/** User plus system CPU seconds a live process has used so far, as the kernel counts them. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), from field 3 on: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}
