import { EXIT_CODES as SHARED_EXIT_CODES, sharedExitCode } from '@clusterstream/cli-kit';
import { isDookiError } from '@clusterstream/core';
import { ColumnSpecError } from '../columns/column-spec.js';
import { ExportError, IncompleteScanError } from '../export-error.js';

/** Exit codes of `dooki-csv`, as documented in the README: exactly cli-kit's shared ones. */
export const EXIT_CODES = SHARED_EXIT_CODES;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The error behind an {@link ExportError}, or the error itself. */
export const rootCause = (error: unknown): unknown =>
  error instanceof ExportError ? error.cause : error;

/** A file-system or socket error (`ENOENT`, `EACCES`, `EPIPE`...). */
export const isSystemError = (error: unknown): error is NodeJS.ErrnoException =>
  error instanceof Error &&
  typeof (error as NodeJS.ErrnoException).code === 'string' &&
  !isDookiError(error);

/** The reader of stdout went away (`dooki-csv … | head`): not a failure. */
export const isBrokenPipe = (error: unknown): boolean => {
  const cause = rootCause(error);
  return isSystemError(cause) && cause.code === 'EPIPE';
};

/**
 * Maps any error to an exit code: cli-kit's shared mapping (usage 2, 401/403 3, 404 4, other
 * API failures 5, a redirect 9, cancellation 130), plus dooki-csv's own: a bad column spec is
 * usage, an incomplete scan 5, anything else (file system, bugs) 1.
 */
export const exitCodeFor = (error: unknown, signal?: AbortSignal): ExitCode => {
  if (signal?.aborted === true) return EXIT_CODES.interrupted;
  const cause = rootCause(error);
  if (cause instanceof ColumnSpecError) return EXIT_CODES.usage;
  if (cause instanceof IncompleteScanError) return EXIT_CODES.api;
  return sharedExitCode(cause) ?? EXIT_CODES.failure;
};
