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
                         0 picks a free one; off turns it off)
  --ops-host <host>      address to bind it to (default 127.0.0.1)

Start-up is all-or-nothing: the file, its variables, URLs, fields and intervals and the ops port
are checked before the database is touched; any failure exits with nothing left running.
Stops cleanly on SIGINT/SIGTERM (running scans are aborted and run again on another process).
Client tuning comes from DOOKI_REQUEST_TIMEOUT_MS, DOOKI_RETRY_DELAY_MS, DOOKI_RETRY_MAX_MS,
DOOKI_RATE_LIMIT and DOOKI_TRANSPORT, as for every dooki-watch; credentials only from the file.
Exit codes: 2 usage or an invalid fleet file, 8 the database cannot be reached or written,
130 stopped.
`;

/** `dooki-watch fleet --config fleet.yaml`: this process joins the fleet until a signal. */
export async function runFleetCommand(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const values = parseFlags(joinNegativePort(argv), FLEET_FLAGS);
  if (values.help === true) {
    io.stdout.write(FLEET_HELP);
    return ExitCode.ok;
  }
  const file = stringFlag(values, 'config');
  if (file === undefined) throw new UsageError('fleet needs --config <fleet.yaml>');
  const warnings: string[] = [];
  const databaseUrl = databaseUrlOf(stringFlag(values, 'state'), io.env, warnings);
  const ops = opsAddress(values);
  const concurrency = parseInteger(
    stringFlag(values, 'concurrency') ?? '50',
    '--concurrency',
    1,
    500,
  );
  const config = await loadFleetConfig(file).catch((error: unknown) => {
    throw error instanceof FleetConfigError ? new UsageError(error.message) : error;
  });
  printWarnings('dooki-watch', warnings, io.stderr);
  await runFleet({
    config,
    databaseUrl,
    env: io.env,
    concurrency,
    ops,
    stderr: io.stderr,
    signal: io.signal,
    ...timingFrom(io.env),
  });
  return ExitCode.interrupted;
}

/** `--state`, else DOOKI_WATCH_DATABASE_URL; a password on the command line is warned about. */
function databaseUrlOf(
  fromFlag: string | undefined,
  env: NodeJS.ProcessEnv,
  warnings: string[],
): string {
  if (fromFlag !== undefined && URL.canParse(fromFlag) && new URL(fromFlag).password !== '') {
    warnings.push(
      '--state is visible to other users in the process list; prefer DOOKI_WATCH_DATABASE_URL',
    );
  }
  const databaseUrl = fromFlag ?? env.DOOKI_WATCH_DATABASE_URL;
  if (databaseUrl === undefined || !isPostgresUrl(databaseUrl)) {
    throw new UsageError(
      'fleet keeps its state in Postgres: set DOOKI_WATCH_DATABASE_URL (or --state) to postgres://…',
    );
  }
  return databaseUrl;
}

/** `--ops-port <port|0|off>` (`-1` still means off) and `--ops-host`. */
function opsAddress(values: Record<string, unknown>): { port: number; host: string } | null {
  const text = stringFlag(values as never, 'ops-port') ?? '9464';
  if (text === 'off' || text === '-1') return null;
  return {
    port: parseInteger(text, '--ops-port', 0, 65_535),
    host: stringFlag(values as never, 'ops-host') ?? '127.0.0.1',
  };
}

/** `--ops-port -1` as one argument: a value that starts with a dash reads as a flag otherwise. */
function joinNegativePort(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--ops-port' && argv[index + 1] === '-1') {
      joined.push('--ops-port=-1');
      index++;
    } else joined.push(argv[index]!);
  }
  return joined;
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
