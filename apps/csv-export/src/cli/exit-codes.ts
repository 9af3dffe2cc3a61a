import { isDookiError } from '@clusterstream/core';
import { ColumnSpecError } from '../columns/column-spec.js';
import { ExportError, IncompleteScanError } from '../export-error.js';
import { UsageError } from './usage-error.js';

/** Exit codes of `dooki-csv`, as documented in the README. */
export const EXIT_CODES = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  api: 5,
  redirect: 9,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

const isAbort = (error: unknown): boolean =>
  isDookiError(error, 'DOOKI_ERR_ABORTED') ||
  (error instanceof Error && error.name === 'AbortError');

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
 * Maps any error to an exit code: usage 2, 401/403 3, 404 4, other API and
 * network failures and incomplete scans 5, a redirect 9, cancellation 130,
 * anything else (file system, bugs) 1.
 */
export const exitCodeFor = (error: unknown, signal?: AbortSignal): ExitCode => {
  if (signal?.aborted === true) return EXIT_CODES.interrupted;
  const cause = rootCause(error);
  if (cause instanceof UsageError || cause instanceof ColumnSpecError) return EXIT_CODES.usage;
  if (isAbort(cause)) return EXIT_CODES.interrupted;
  if (cause instanceof IncompleteScanError) return EXIT_CODES.api;
  if (!isDookiError(cause)) return EXIT_CODES.failure;
  switch (cause.code) {
    case 'DOOKI_ERR_AUTH':
    case 'DOOKI_ERR_FORBIDDEN':
      return EXIT_CODES.auth;
    case 'DOOKI_ERR_NOT_FOUND':
      return EXIT_CODES.notFound;
    case 'DOOKI_ERR_INVALID_OPTIONS':
      return EXIT_CODES.usage;
    case 'DOOKI_ERR_REDIRECT':
      return EXIT_CODES.redirect;
    default:
      return EXIT_CODES.api;
  }
};
