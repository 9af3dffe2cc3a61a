import type { Writable } from 'node:stream';
import { EXIT_CODES } from './exit-codes.js';
import type { UsageError } from './usage-error.js';

/** What a CLI's `main` gets from the process; tests pass their own streams and signal. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  /** Aborted by the first SIGINT / SIGTERM: stop cleanly, then return (usually 130). */
  signal: AbortSignal;
}

/**
 * Connects a CLI's `main` to the real process, the same way for every clusterstream CLI:
 * the first SIGINT/SIGTERM aborts `io.signal` so the command can finish cleanly (discard a
 * partial file, keep committed state), a second one exits 130 at once; a closed stdout
 * (`| head`) never crashes the process; the returned number becomes the exit code.
 *
 * @example
 * // bin entry
 * runMain((argv, io) => run(argv, io));
 */
export function runMain(main: (argv: string[], io: CliIo) => Promise<number>): void {
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupt.signal.aborted) process.exit(EXIT_CODES.interrupted);
    interrupt.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // After `| head` exits, late writes fail with EPIPE; commands handle that on their own.
  process.stdout.on('error', () => undefined);
  const io: CliIo = {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: interrupt.signal,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = EXIT_CODES.failure;
    },
  );
}

/** Prints a usage error the shared way and returns exit code 2. */
export function reportUsageError(program: string, error: UsageError, stderr: Writable): 2 {
  stderr.write(`${program}: ${error.message}\nRun "${program} --help" for usage.\n`);
  return EXIT_CODES.usage;
}

/** Prints non-fatal remarks (deprecated variables, credentials given as flags). */
export function printWarnings(
  program: string,
  warnings: readonly string[],
  stderr: Writable,
): void {
  for (const warning of warnings) stderr.write(`${program}: warning: ${warning}\n`);
}
