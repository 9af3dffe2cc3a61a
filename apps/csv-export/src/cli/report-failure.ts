import type { Writable } from 'node:stream';
import { isDookiError } from '@clusterstream/core';
import { ExportError, IncompleteScanError } from '../export-error.js';
import {
  EXIT_CODES,
  exitCodeFor,
  isBrokenPipe,
  isSystemError,
  rootCause,
  type ExitCode,
} from './exit-codes.js';

const HINTS: Partial<Record<ExitCode, string>> = {
  [EXIT_CODES.usage]: "Try 'dooki-csv --help'.",
  [EXIT_CODES.auth]:
    'Check DOOKI_USER_TOKEN and DOOKI_USER_SECRET_KEY (they change when the password changes) and that the store is active.',
  [EXIT_CODES.notFound]: 'Check --alias and the cluster id(s).',
  [EXIT_CODES.redirect]:
    'Check --base-url: dooki-csv never follows redirects, so the credentials reach no other host.',
};

/** The next step for an API failure, by what actually happened (not every failure was retried). */
const apiHint = (error: unknown): string | undefined => {
  const cause = rootCause(error);
  if (cause instanceof IncompleteScanError) {
    return 'Members changed or the API served inconsistent pages while reading. Run it again, or pass --allow-incomplete to keep what was read.';
  }
  if (!isDookiError(cause)) return undefined;
  switch (cause.code) {
    case 'DOOKI_ERR_LOOP':
      return "The API's pagination does not advance; nothing was saved. Try again later; if it persists, report it to Yampi.";
    case 'DOOKI_ERR_RATE_LIMITED':
      return cause.retryable
        ? 'The API kept refusing with 429 after waiting it out several times; try again later.'
        : 'Try again after the wait the API named.';
    case 'DOOKI_ERR_VALIDATION':
    case 'DOOKI_ERR_HTTP':
      return 'The API refused the request itself (it was not retried); check the options.';
    default:
      return cause.retryable ? 'The API kept failing after retries; try again later.' : undefined;
  }
};

const discarded = (error: unknown): string =>
  error instanceof ExportError && error.output !== '-'
    ? `\nNothing was saved: ${error.output} is unchanged.`
    : '';

/**
 * The CLI's single error boundary: prints one clear message (never a secret:
 * core errors and our own carry none) and returns the exit code. Unknown
 * errors keep their stack, since they are bugs worth reporting.
 */
export const reportFailure = (error: unknown, stderr: Writable, signal?: AbortSignal): ExitCode => {
  if (isBrokenPipe(error)) return EXIT_CODES.ok; // `| head` closed the pipe: end quietly
  const code = exitCodeFor(error, signal);
  const message = error instanceof Error ? error.message : String(error);
  if (code === EXIT_CODES.interrupted) {
    const rows = error instanceof ExportError ? ` after ${error.rowsWritten} rows` : '';
    stderr.write(`dooki-csv: interrupted${rows}.${discarded(error)}\n`);
  } else if (code === EXIT_CODES.failure && !isSystemError(rootCause(error))) {
    const stack = error instanceof Error ? (error.stack ?? message) : message;
    stderr.write(`dooki-csv: unexpected error: ${stack}${discarded(error)}\nPlease report this.\n`);
  } else {
    const hint = code === EXIT_CODES.api ? apiHint(error) : HINTS[code];
    stderr.write(
      `dooki-csv: ${message}${discarded(error)}${hint === undefined ? '' : `\n${hint}`}\n`,
    );
  }
  return code;
};
