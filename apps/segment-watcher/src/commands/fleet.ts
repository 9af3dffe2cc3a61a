import {
  parseFlags,
  parseInteger,
  printWarnings,
  stringFlag,
  UsageError,
} from '@clusterstream/cli-kit';
import { FleetConfigError, loadFleetConfig } from '../fleet/fleet-config.js';
import { runFleet } from '../fleet/run-fleet.js';
import { ExitCode, type ExitCodeValue } from '../cli/exit-codes.js';
import { isPostgresUrl } from '../state/database-url.js';
import { type CommandIo } from './watch.js';

const FLEET_FLAGS = {
  config: { type: 'string' },
  state: { type: 'string' },
  concurrency: { type: 'string' },
  'ops-port': { type: 'string' },
  'ops-host': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const FLEET_HELP = `dooki-watch fleet: watch many stores from several processes and machines, on Postgres

Usage:
  dooki-watch fleet --config fleet.yaml [--state postgres://…] [options]

Run one per machine; each joins the fleet, and the job engine spreads the stores over them.

  --config <file>        the fleet file: stores, credentials by environment variable name,
                         clusters, interval, truth rules, sinks (see the README's Fleet section)
  --state <url>          postgres://… (default $DOOKI_WATCH_DATABASE_URL; prefer the variable:
                         process lists show flags)
  --concurrency <n>      jobs this process runs at once, 1-500 (default 50; each mostly waits on
                         its store's API budget)
  --ops-port <port>      serve /healthz and /metrics (Prometheus) on this port (default 9464;
                         0 picks a free one; -1 turns it off)
  --ops-host <host>      address to bind it to (default 127.0.0.1)

Stops cleanly on SIGINT/SIGTERM (running scans are aborted and run again on another process).
Exit codes: 2 usage or an invalid fleet file, 8 the database cannot be written, 130 stopped.
`;

/** `dooki-watch fleet --config fleet.yaml`: this process joins the fleet until a signal. */
export async function runFleetCommand(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const values = parseFlags(argv, FLEET_FLAGS);
  if (values.help === true) {
    io.stdout.write(FLEET_HELP);
    return ExitCode.ok;
  }
  const file = stringFlag(values, 'config');
  if (file === undefined) throw new UsageError('fleet needs --config <fleet.yaml>');
  const warnings: string[] = [];
  const fromFlag = stringFlag(values, 'state');
  if (fromFlag !== undefined && URL.canParse(fromFlag) && new URL(fromFlag).password !== '') {
    warnings.push(
      '--state is visible to other users in the process list; prefer DOOKI_WATCH_DATABASE_URL',
    );
  }
  const databaseUrl = fromFlag ?? io.env.DOOKI_WATCH_DATABASE_URL;
  if (databaseUrl === undefined || !isPostgresUrl(databaseUrl)) {
    throw new UsageError(
      'fleet keeps its state in Postgres: set DOOKI_WATCH_DATABASE_URL (or --state) to postgres://…',
    );
  }
  const opsPort = parseInteger(stringFlag(values, 'ops-port') ?? '9464', '--ops-port', -1, 65_535);
  printWarnings('dooki-watch', warnings, io.stderr);
  let config;
  try {
    config = await loadFleetConfig(file);
  } catch (error) {
    if (error instanceof FleetConfigError) throw new UsageError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(`--config: no file at ${file}`);
    }
    throw error;
  }
  await runFleet({
    config,
    databaseUrl,
    env: io.env,
    concurrency: parseInteger(stringFlag(values, 'concurrency') ?? '50', '--concurrency', 1, 500),
    ops:
      opsPort < 0 ? null : { port: opsPort, host: stringFlag(values, 'ops-host') ?? '127.0.0.1' },
    stderr: io.stderr,
    signal: io.signal,
    ...timingFrom(io.env),
  });
  return ExitCode.interrupted;
}

/** Test-only timing (`DOOKI_FLEET_HEARTBEAT_MS`, `DOOKI_FLEET_DEAD_AFTER_MS`, `DOOKI_FLEET_QUARANTINE_RECHECK_MS`). */
function timingFrom(env: NodeJS.ProcessEnv) {
  const ms = (name: string): number | undefined =>
    env[name] === undefined ? undefined : parseInteger(env[name], name, 1, 86_400_000);
  const heartbeatMs = ms('DOOKI_FLEET_HEARTBEAT_MS');
  const deadAfterMs = ms('DOOKI_FLEET_DEAD_AFTER_MS');
  const quarantineRecheckMs = ms('DOOKI_FLEET_QUARANTINE_RECHECK_MS');
  return {
    ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
    ...(deadAfterMs === undefined ? {} : { deadAfterMs }),
    ...(quarantineRecheckMs === undefined ? {} : { quarantineRecheckMs }),
  };
}
