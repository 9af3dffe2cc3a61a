import { reportUsageError, sharedExitCode } from '@clusterstream/cli-kit';
import { isDookiError } from '@clusterstream/core';
import { StateFileError, StateVersionError, StateWriteError } from '../state/errors.js';
import { ForeignOutputFileError } from '../sinks/ndjson-file-sink.js';
import { HELP } from './help.js';
import { ExitCode, type ExitCodeValue, UsageError } from './exit-codes.js';
import { parseWatchArgs } from './watch-args.js';
import { type CommandIo } from '../commands/watch.js';

/**
 * Runs `dooki-watch` with the given arguments and returns the exit code; the one error boundary.
 * Commands are imported lazily so `--help` and `status` stay quick.
 */
export async function runCli(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  try {
    const [first, ...rest] = argv;
    if (first === 'status')
      return await (await import('../commands/status.js')).runStatus(rest, io);
    if (first === 'fleet')
      return await (await import('../commands/fleet.js')).runFleetCommand(rest, io);
    if (first === 'replay')
      return await (await import('../commands/replay.js')).runReplay(rest, io);
    const args = parseWatchArgs(first === 'watch' ? rest : argv, io.env);
    if (args.help) {
      io.stdout.write(HELP);
      return ExitCode.ok;
    }
    return await (await import('../commands/watch.js')).runWatch(args, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CommandIo): ExitCodeValue {
  if (error instanceof UsageError) return reportUsageError('dooki-watch', error, io.stderr);
  if (io.signal.aborted) {
    io.stderr.write('dooki-watch: interrupted\n');
    return ExitCode.interrupted;
  }
  if (isDookiError(error)) {
    io.stderr.write(`dooki-watch: ${error.code}: ${error.message}\n`);
    return sharedExitCode(error) as ExitCodeValue;
  }
  if (error instanceof StateWriteError) {
    io.stderr.write(`dooki-watch: ${error.message}\n`);
    return ExitCode.stateFile;
  }
  if (
    error instanceof StateFileError ||
    error instanceof StateVersionError ||
    error instanceof ForeignOutputFileError
  ) {
    io.stderr.write(`dooki-watch: ${error.message}\n`);
    return ExitCode.usage;
  }
  io.stderr.write(
    `dooki-watch: unexpected error, please report it:\n${(error as Error)?.stack ?? String(error)}\n`,
  );
  return ExitCode.unexpected;
}
