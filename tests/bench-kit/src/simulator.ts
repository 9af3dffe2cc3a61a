import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** `startMockApi` options, as JSON (so `Infinity` and functions cannot cross). */
export type SimulatorOptions = Record<string, unknown> & {
  clusters: ReadonlyArray<{ id: number; size: number; name?: string }>;
};

export interface SimulatorStats {
  /** Every request the simulator received since the start (or the last `resetRequests`). */
  requests: number;
  /** Requests to the cluster-customers route (the pages of a scan). */
  pageRequests: number;
  /** Responses with status 429. */
  refused: number;
}

/** A running simulator in its own process. `await using` closes it. */
export interface Simulator extends AsyncDisposable {
  /** Base URL for the client (`.../v2`). */
  readonly url: string;
  readonly alias: string;
  readonly credentials: { userToken: string; userSecretKey: string };
  /** Headers a raw `fetch` needs to authenticate. */
  readonly headers: Record<string, string>;
  stats(): Promise<SimulatorStats>;
  /** Calls `api.control[method](...args)` in the simulator (`churn`, `setRateLimit`, ...). */
  control<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  /** CPU time the simulator process used since the last `resetCpu` (or its start), in ms. */
  cpuMs(): Promise<number>;
  resetCpu(): Promise<void>;
  /** `process.memoryUsage()` of the simulator process. */
  memory(): Promise<NodeJS.MemoryUsage>;
  close(): Promise<void>;
}

export interface StartSimulatorOptions {
  /**
   * Serve one real page's bytes for every request instead of the simulator: the cheapest
   * possible server, a baseline for the simulator's own cost.
   */
  staticPage?: boolean;
  /**
   * Where `@clusterstream/dooki-mock` is resolved from. Default: the current directory (the
   * benching package, which has the simulator as a devDependency); the kit does not depend on
   * it, so the simulator's own bench can use the kit without a dependency cycle.
   */
  resolveFrom?: string;
}

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/** Starts `startMockApi(options)` (the simulator's built dist) in a child process. */
export async function startSimulator(
  options: SimulatorOptions,
  { staticPage = false, resolveFrom = process.cwd() }: StartSimulatorOptions = {},
): Promise<Simulator> {
  const require = createRequire(join(resolveFrom, 'package.json'));
  const moduleUrl = pathToFileURL(require.resolve('@clusterstream/dooki-mock')).href;
  const args = [moduleUrl, JSON.stringify(options), ...(staticPage ? ['static'] : [])];
  // execArgv: [] keeps a TypeScript loader out of the simulator, which runs plain JS.
  const child = fork(new URL('./simulator-process.mjs', import.meta.url), args, {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (reply: Reply) => {
    const waiter = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error === undefined) waiter?.resolve(reply.result);
    else waiter?.reject(new Error(`simulator: ${reply.error}`));
  });
  child.on('exit', (code) => {
    for (const waiter of waiting.values()) waiter.reject(new Error(`simulator exited ${code}`));
    waiting.clear();
  });
  let nextId = 0;
  const call = <T>(type: string, extra: object = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      nextId += 1;
      waiting.set(nextId, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...extra, id: nextId, type });
    });
  const ready = new Promise<{ url: string; alias: string; credentials: Simulator['credentials'] }>(
    (resolve, reject) => waiting.set(0, { resolve: resolve as (v: unknown) => void, reject }),
  );
  const { url, alias, credentials } = await ready;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    const exited = child.exitCode === null ? once(child, 'exit') : Promise.resolve();
    await call('close').catch(() => undefined);
    await exited;
  };
  return {
    url,
    alias,
    credentials,
    headers: { 'User-Token': credentials.userToken, 'User-Secret-Key': credentials.userSecretKey },
    stats: () => call<SimulatorStats>('stats'),
    control: <T>(method: string, ...params: unknown[]) =>
      call<T>('control', { method, args: params }),
    cpuMs: () => call<number>('cpu'),
    resetCpu: () => call<void>('cpu-reset'),
    memory: () => call<NodeJS.MemoryUsage>('memory'),
    close,
    [Symbol.asyncDispose]: close,
  };
}
