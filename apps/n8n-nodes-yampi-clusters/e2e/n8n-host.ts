// Drives a real n8n through its CLI: a throw-away user folder per host, credentials and
// workflows imported from JSON, and `n8n execute --id <id> --rawOutput`.
import { execFile, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExecution, type CliResult, type ExecutionOutcome } from './run-output';

export type { ExecutionOutcome } from './run-output';

// The benchmark runs a bundled copy of this file from elsewhere and says where the package is.
export const PACKAGE_ROOT = process.env.N8N_E2E_PACKAGE_ROOT ?? join(import.meta.dirname, '..');

const GUARD = join(PACKAGE_ROOT, 'e2e', 'network-guard.mjs');

/** How the package is loaded: a custom-extensions folder, or installed like a community package. */
export type LoadMode = 'custom' | 'installed';

export interface N8nHost {
  userFolder: string;
  /** The node type prefix n8n gives the package in this mode. */
  typePrefix: string;
  /** Where blocked non-loopback connection attempts are written (empty file = none). */
  networkLog: string;
  run(args: string[], timeoutMs?: number): Promise<CliResult>;
  importCredentials(credentials: object[]): Promise<void>;
  importWorkflows(workflows: object[]): Promise<void>;
  execute(workflowId: string, timeoutMs?: number): Promise<ExecutionOutcome>;
  dispose(): void;
}

/** The n8n binary the e2e script installed (scripts/n8n-install.mjs). */
export function n8nBinary(): string {
  const bin = process.env.N8N_E2E_BIN;
  if (!bin || !existsSync(bin)) {
    throw new Error(
      'N8N_E2E_BIN is not set: run `pnpm test:e2e` (scripts/e2e.mjs) to install n8n first',
    );
  }
  return bin;
}

async function freePort(): Promise<number> {
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
 * A fresh n8n user folder with the built package loaded in the given mode. For `installed`,
 * `tarball` is the `npm pack` output, installed with npm into `<userFolder>/.n8n/nodes`.
 */
export async function createN8nHost(mode: LoadMode, tarball?: string): Promise<N8nHost> {
  const bin = n8nBinary();
  const userFolder = mkdtempSync(join(tmpdir(), `n8n-e2e-${mode}-`));
  const networkLog = join(userFolder, 'network.log');
  writeFileSync(networkLog, '');
  const brokerPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: userFolder,
    N8N_USER_FOLDER: userFolder,
    N8N_ENCRYPTION_KEY: 'clusterstream-e2e-only',
    DB_TYPE: 'sqlite',
    N8N_LOG_LEVEL: 'info',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_RUNNERS_BROKER_PORT: String(brokerPort),
    N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
    NODE_OPTIONS: `--import ${GUARD}`,
    E2E_NETWORK_LOG: networkLog,
    ...(mode === 'custom' && { N8N_CUSTOM_EXTENSIONS: join(PACKAGE_ROOT, 'dist') }),
  };
  let runs = 0;
  const run = (args: string[], timeoutMs = 120_000) => {
    // Output goes to files: n8n exits right after printing the run, and a pipe would lose
    // whatever was still buffered (file writes are synchronous).
    runs += 1;
    const outFile = join(userFolder, `cli-${runs}.out`);
    const errFile = join(userFolder, `cli-${runs}.err`);
    const out = openSync(outFile, 'w');
    const err = openSync(errFile, 'w');
    return new Promise<CliResult>((resolve, reject) => {
      const child = spawn(bin, args, { env, stdio: ['ignore', out, err] });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
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
  if (mode === 'installed') {
    if (!tarball) throw new Error('installed mode needs the npm pack tarball');
    await installTarball(join(userFolder, '.n8n', 'nodes'), tarball);
  }
  const importFile = async (command: string, name: string, content: object[]) => {
    const file = join(userFolder, name);
    writeFileSync(file, JSON.stringify(content));
    const result = await run([command, `--input=${file}`]);
    if (result.code !== 0)
      throw new Error(`n8n ${command} failed:\n${result.stdout}\n${result.stderr}`);
  };
  return {
    userFolder,
    typePrefix: mode === 'custom' ? 'CUSTOM' : 'n8n-nodes-yampi-clusters',
    networkLog,
    run,
    importCredentials: (credentials) =>
      importFile('import:credentials', 'credentials.json', credentials),
    importWorkflows: (workflows) => importFile('import:workflow', 'workflows.json', workflows),
    execute: async (workflowId, timeoutMs) =>
      parseExecution(await run(['execute', `--id=${workflowId}`, '--rawOutput'], timeoutMs)),
    dispose: () => rmSync(userFolder, { recursive: true, force: true }),
  };
}

async function installTarball(nodesFolder: string, tarball: string): Promise<void> {
  mkdirSync(nodesFolder, { recursive: true });
  writeFileSync(join(nodesFolder, 'package.json'), '{"name":"installed-nodes","private":true}');
  // Offline and without peers: the tarball has no dependencies, n8n provides n8n-workflow.
  const args = [
    'install',
    '--offline',
    '--no-audit',
    '--no-fund',
    '--legacy-peer-deps',
    '--ignore-scripts',
    tarball,
  ];
  await new Promise<void>((resolve, reject) => {
    execFile('npm', args, { cwd: nodesFolder }, (error, _stdout, stderr) =>
      error ? reject(new Error(`npm install of the tarball failed: ${stderr}`)) : resolve(),
    );
  });
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
