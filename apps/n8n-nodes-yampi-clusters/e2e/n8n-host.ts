// Drives a real n8n through its CLI: a throw-away user folder per host, credentials and
// workflows imported from JSON, `n8n execute --id <id> --rawOutput` for one-off runs and
// `n8n start` for a long-running instance (the trigger test).
import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { installByHand, installLikeN8n } from './install-package';
import { parseExecution, type CliResult, type ExecutionOutcome } from './run-output';

export type { ExecutionOutcome } from './run-output';

// The benchmark runs a bundled copy of this file from elsewhere and says where the package is.
export const PACKAGE_ROOT = process.env.N8N_E2E_PACKAGE_ROOT ?? join(import.meta.dirname, '..');

const GUARD = join(PACKAGE_ROOT, 'e2e', 'network-guard.mjs');

/**
 * How the package is loaded: `installed` as n8n's community-package installer installs it,
 * `by-hand` with the README's `npm install` in `~/.n8n/nodes`, `custom` from a
 * custom-extensions folder (`N8N_CUSTOM_EXTENSIONS`).
 */
export type LoadMode = 'custom' | 'installed' | 'by-hand';

/** The n8n this run drives: one row of the matrix (scripts/n8n-install.mjs, scripts/e2e.mjs). */
export interface N8nRuntime {
  /** n8n's JS entry point (`node_modules/n8n/bin/n8n`). */
  bin: string;
  /** The Node binary that runs it (Node 24 for n8n ≥ 2.36). */
  node: string;
  n8nVersion: string;
  nodeVersion: string;
  /** e.g. `n8n 2.41.1 on Node 24.22.3` */
  label: string;
}

export function n8nRuntime(): N8nRuntime {
  const bin = process.env.N8N_E2E_BIN;
  if (!bin || !existsSync(bin)) {
    throw new Error(
      'N8N_E2E_BIN is not set: run `pnpm test:e2e` (scripts/e2e.mjs) to install n8n first',
    );
  }
  const node = process.env.N8N_E2E_NODE ?? process.execPath;
  const n8nVersion =
    process.env.N8N_E2E_N8N_VERSION ??
    (
      JSON.parse(readFileSync(join(dirname(bin), '..', 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  const nodeVersion = process.env.N8N_E2E_NODE_VERSION ?? process.versions.node;
  return { bin, node, n8nVersion, nodeVersion, label: `n8n ${n8nVersion} on Node ${nodeVersion}` };
}

/** Files of the row's n8n install, to find out what that version supports. */
function installedFile(runtime: N8nRuntime, ...path: string[]): string {
  // bin is <home>/node_modules/n8n/bin/n8n
  return join(dirname(runtime.bin), '..', '..', ...path);
}

/**
 * The most frequent poll schedule this n8n accepts, as a custom cron (seconds first). n8n
 * refuses a `*` in the seconds field ("at least a minute"); up to 2.8 (and 1.x) an explicit
 * list of seconds passes that check, so polls run every 20 s, which is longer than a failing
 * poll lasts (core's five retries back off 15.5 s at most), so polls never overlap. Later n8n
 * (`isSubMinuteCron` in n8n-workflow, e.g. 2.41) requires a single second: once a minute.
 */
export function shortestPollCron(runtime: N8nRuntime): string {
  const cron = installedFile(runtime, 'n8n-workflow', 'dist', 'cjs', 'cron.js');
  const minuteOnly = !existsSync(cron) || readFileSync(cron, 'utf8').includes('isSubMinuteCron');
  return minuteOnly ? '5 * * * * *' : '5,25,45 * * * * *';
}

export interface RunningN8n {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** SIGTERM (n8n saves the triggers' static data while it shuts down), SIGKILL if it hangs. */
  stop(): Promise<void>;
}

export interface N8nHost {
  runtime: N8nRuntime;
  userFolder: string;
  /** `<userFolder>/.n8n/nodes`: where community packages are installed. */
  nodesFolder: string;
  /** The node type prefix n8n gives the package in this mode. */
  typePrefix: string;
  /** Where blocked non-loopback connection attempts are written (empty file = none). */
  networkLog: string;
  run(args: string[], timeoutMs?: number): Promise<CliResult>;
  importCredentials(credentials: object[]): Promise<void>;
  importWorkflows(workflows: object[]): Promise<void>;
  /** Marks a workflow active (1.x `update:workflow --active=true`, 2.x `publish:workflow`). */
  activate(workflowId: string): Promise<void>;
  execute(workflowId: string, timeoutMs?: number): Promise<ExecutionOutcome>;
  /** `n8n start` on 127.0.0.1 at a free port; resolves once it answers `/healthz`. */
  start(): Promise<RunningN8n>;
  /**
   * Kills anything still running (normally nothing: runs are awaited, `start()`ed n8n stopped)
   * and deletes the user folder.
   */
  dispose(): void;
}

/**
 * A port that was free a moment ago. n8n cannot bind port 0 and report it, so this is handed to
 * n8n anyway: another socket may take it first, and n8n then exits with
 * {@link PORT_IN_USE}. Every caller retries that with fresh ports ({@link withFreshPorts}).
 */
export async function candidatePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * What n8n prints (then exits 1) when a port it was given is taken: its own (`n8n's port 5678 is
 * already in use`), its task broker's (`n8n Task Broker's port 5679 ...`; `execute` and `import:*`
 * start a broker too), or, from `n8n start` 2.x, an unhandled `listen EADDRINUSE` on the broker.
 */
const PORT_IN_USE = /port \d+ is already in use|EADDRINUSE/;
/**
 * Losing the race this often in a row means something else is wrong. The port-race test loses
 * two attempts on purpose, and its churning sockets (or a machine with a narrow ephemeral port
 * range) can cost a few more.
 */
const PORT_ATTEMPTS = 8;

/** The ports one n8n process binds, chosen afresh for every attempt. */
export interface N8nPorts {
  /** `N8N_PORT`: the editor, REST API and `/healthz` (only `n8n start` binds it). */
  http: number;
  /** `N8N_RUNNERS_BROKER_PORT`: the task runners' broker (every command that runs nodes). */
  broker: number;
}

/** Picks the ports for one attempt; tests inject one that hands out taken ports first. */
export type PortPicker = () => Promise<number>;

/**
 * Runs `attempt` with fresh ports until it did not fail on a taken port, at most
 * {@link PORT_ATTEMPTS} times; `lostRace` says whether an attempt failed that way.
 */
export async function withFreshPorts<T>(
  pickPort: PortPicker,
  attempt: (ports: N8nPorts) => Promise<T>,
  lostRace: (outcome: T) => boolean,
): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    const http = await pickPort();
    let broker = await pickPort();
    while (broker === http) broker = await pickPort();
    const outcome = await attempt({ http, broker });
    if (!lostRace(outcome) || tries >= PORT_ATTEMPTS) return outcome;
  }
}

function portEnv(ports: N8nPorts): NodeJS.ProcessEnv {
  return { N8N_PORT: String(ports.http), N8N_RUNNERS_BROKER_PORT: String(ports.broker) };
}

/** Kills a detached child's whole process group (n8n starts task runners as children). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

// Every n8n process still running, so that even a run that is torn down early (a failed hook,
// vitest exiting) leaves none behind.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Whether `n8n start` is up, by its own words: it listens on our port (`n8n ready on 127.0.0.1,
 * port 5678`, printed before the migrations: whoever holds a port may answer /healthz too) and
 * has finished starting (`Editor is now accessible via`, after the task broker took its port).
 */
function startedOn(output: string, port: number): boolean {
  return (
    new RegExp(`ready on \\S+, port ${port}\\b`).test(output) &&
    output.includes('Editor is now accessible via')
  );
}

function answersHealthz(url: string): Promise<boolean> {
  return fetch(`${url}/healthz`).then(
    (response) => response.ok,
    () => false,
  );
}

/**
 * A fresh n8n user folder with the built package loaded in the given mode. For `installed` and
 * `by-hand`, `tarball` is the `pnpm pack` output, installed into `<userFolder>/.n8n/nodes`.
 */
export async function createN8nHost(
  mode: LoadMode,
  tarball?: string,
  { pickPort = candidatePort }: { pickPort?: PortPicker } = {},
): Promise<N8nHost> {
  const runtime = n8nRuntime();
  const userFolder = mkdtempSync(join(tmpdir(), `n8n-e2e-${mode}-`));
  const nodesFolder = join(userFolder, '.n8n', 'nodes');
  const networkLog = join(userFolder, 'network.log');
  writeFileSync(networkLog, '');
  const env: NodeJS.ProcessEnv = {
    // The row's Node first: n8n starts its task runners with it.
    PATH: `${dirname(runtime.node)}${delimiter}${process.env.PATH}`,
    HOME: userFolder,
    N8N_USER_FOLDER: userFolder,
    N8N_ENCRYPTION_KEY: 'clusterstream-e2e-only',
    DB_TYPE: 'sqlite',
    // n8n 2.8 prints `execute --rawOutput` only at `info`.
    N8N_LOG_LEVEL: 'info',
    // Nothing may leave this machine: no telemetry, version checks, templates or banners.
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    // The editor would fetch banners from api.n8n.io (the browser test opens the editor).
    N8N_DYNAMIC_BANNERS_ENABLED: 'false',
    // Opening the node creator would fetch n8n's verified-community-node catalog.
    N8N_VERIFIED_PACKAGES_ENABLED: 'false',
    N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
    EXTERNAL_FRONTEND_HOOKS_URLS: '',
    N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
    N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
    // n8n 2.41's MCP registry refreshes a server list from api.n8n.io in the background.
    ...(existsSync(installedFile(runtime, 'n8n', 'dist', 'modules', 'mcp-registry')) && {
      N8N_DISABLED_MODULES: 'mcp-registry',
    }),
    // Every n8n process gets its own ports (portEnv): rows and packages may run side by side.
    N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
    N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '20',
    NODE_OPTIONS: `--import ${GUARD}`,
    E2E_NETWORK_LOG: networkLog,
    ...(mode === 'custom' && { N8N_CUSTOM_EXTENSIONS: join(PACKAGE_ROOT, 'dist') }),
  };
  const live = new Set<ChildProcess>();
  const spawnN8n = (args: string[], out: number, err: number, extraEnv = {}) => {
    const child = spawn(runtime.node, [runtime.bin, ...args], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', out, err],
      detached: true,
    });
    live.add(child);
    running.add(child);
    child.once('exit', () => {
      live.delete(child);
      running.delete(child);
    });
    return child;
  };

  let runs = 0;
  const outputFiles = (name: string) => {
    runs += 1;
    const outFile = join(userFolder, `${name}-${runs}.out`);
    const errFile = join(userFolder, `${name}-${runs}.err`);
    return { outFile, errFile, out: openSync(outFile, 'w'), err: openSync(errFile, 'w') };
  };

  const runOnce = (args: string[], timeoutMs: number, ports: N8nPorts) => {
    // Output goes to files: n8n exits right after printing the run, and a pipe would lose
    // whatever was still buffered (file writes are synchronous).
    const { outFile, errFile, out, err } = outputFiles('cli');
    return new Promise<CliResult>((resolve, reject) => {
      const child = spawnN8n(args, out, err, portEnv(ports));
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        closeSync(out);
        closeSync(err);
        const stdout = readFileSync(outFile, 'utf8');
        const stderr = readFileSync(errFile, 'utf8');
        resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
      });
    });
  };
  const run = (args: string[], timeoutMs = 120_000) =>
    withFreshPorts(
      pickPort,
      (ports) => runOnce(args, timeoutMs, ports),
      (result) => result.code !== 0 && PORT_IN_USE.test(`${result.stdout}\n${result.stderr}`),
    );

  const startOnce = async (ports: N8nPorts): Promise<RunningN8n | 'port in use'> => {
    const url = `http://127.0.0.1:${ports.http}`;
    const { outFile, errFile, out, err } = outputFiles('start');
    const child = spawnN8n(['start'], out, err, portEnv(ports));
    const output = () => `${readFileSync(outFile, 'utf8')}\n${readFileSync(errFile, 'utf8')}`;
    const stop = async () => {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 45_000);
      await exited(child);
      clearTimeout(timer);
      closeSync(out);
      closeSync(err);
    };
    const deadline = Date.now() + 150_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        await stop();
        if (PORT_IN_USE.test(output())) return 'port in use';
        throw new Error(`n8n start did not come up:\n${output()}`);
      }
      if (startedOn(output(), ports.http) && (await answersHealthz(url))) return { url, stop };
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const start = async (): Promise<RunningN8n> => {
    const started = await withFreshPorts(
      pickPort,
      startOnce,
      (outcome) => outcome === 'port in use',
    );
    if (started === 'port in use') {
      throw new Error(`n8n start found its port taken ${PORT_ATTEMPTS} times in a row`);
    }
    return started;
  };

  if (mode !== 'custom') {
    if (!tarball) throw new Error(`${mode} mode needs the packed tarball`);
    const install = mode === 'installed' ? installLikeN8n : installByHand;
    await install(nodesFolder, tarball);
  }
  const importFile = async (command: string, name: string, content: object[]) => {
    const file = join(userFolder, name);
    writeFileSync(file, JSON.stringify(content));
    const result = await run([command, `--input=${file}`]);
    if (result.code !== 0)
      throw new Error(`n8n ${command} failed:\n${result.stdout}\n${result.stderr}`);
  };
  const major = Number(runtime.n8nVersion.split('.')[0]);
  return {
    runtime,
    userFolder,
    nodesFolder,
    typePrefix: mode === 'custom' ? 'CUSTOM' : 'n8n-nodes-yampi-clusters',
    networkLog,
    run,
    importCredentials: (credentials) =>
      importFile('import:credentials', 'credentials.json', credentials),
    importWorkflows: (workflows) => importFile('import:workflow', 'workflows.json', workflows),
    activate: async (workflowId) => {
      // n8n 2.0 replaced activation with publishing (`update:workflow` only deactivates).
      const args =
        major >= 2
          ? ['publish:workflow', `--id=${workflowId}`]
          : ['update:workflow', `--id=${workflowId}`, '--active=true'];
      const result = await run(args);
      if (result.code !== 0)
        throw new Error(`n8n ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    },
    execute: async (workflowId, timeoutMs) =>
      parseExecution(await run(['execute', `--id=${workflowId}`, '--rawOutput'], timeoutMs)),
    start,
    dispose: () => {
      for (const child of live) killGroup(child, 'SIGKILL');
      // A just-killed process may still be letting go of its files.
      rmSync(userFolder, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** Reads the guard's log: one line per blocked connection attempt. */
export function blockedConnections(host: N8nHost): string[] {
  return readFileSync(host.networkLog, 'utf8').split('\n').filter(Boolean);
}

/** How many n8n processes ran with the guard loaded. */
export function guardedProcesses(host: N8nHost): number {
  const pids = `${host.networkLog}.pids`;
  return existsSync(pids) ? readFileSync(pids, 'utf8').split('\n').filter(Boolean).length : 0;
}
