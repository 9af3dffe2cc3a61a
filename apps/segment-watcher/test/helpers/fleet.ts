import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const envName = (alias: string, what: string): string =>
  `${alias.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${what}`;

/**
 * Writes a fleet file for every store of `api` (credentials by variable name, one NDJSON sink
 * per store under `dir`) and returns it with the environment that holds the credentials.
 */
export function writeFleetFile(
  api: MockApi,
  dir: string,
  options: { interval?: string; confirmScans?: number } = {},
): { file: string; env: NodeJS.ProcessEnv; sinkOf: (alias: string) => string } {
  const env: NodeJS.ProcessEnv = {};
  const sinkOf = (alias: string): string => join(dir, `${alias}.ndjson`);
  const lines = [
    `interval: ${options.interval ?? '1s'}`,
    `baseUrl: ${api.url}`,
    `rules: { confirmScans: ${options.confirmScans ?? 2} }`,
    'stores:',
  ];
  for (const store of api.stores) {
    env[envName(store.alias, 'TOKEN')] = store.credentials.userToken;
    env[envName(store.alias, 'SECRET')] = store.credentials.userSecretKey;
    lines.push(
      `  - alias: ${store.alias}`,
      `    credentials: { userTokenEnv: ${envName(store.alias, 'TOKEN')}, userSecretKeyEnv: ${envName(store.alias, 'SECRET')} }`,
      '    clusters: all',
      '    sinks:',
      `      - ndjson: ${sinkOf(store.alias)}`,
    );
  }
  const file = join(dir, 'fleet.yaml');
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
): FleetWorker {
  const child = spawn(
    process.execPath,
    [BIN, 'fleet', '--config', config.file, '--concurrency', '20', '--ops-port', '0'],
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
