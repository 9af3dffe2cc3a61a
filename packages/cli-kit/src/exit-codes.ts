import { UsageError } from './usage-error.js';

/**
 * Exit codes every clusterstream CLI shares; a CLI adds its own in the free numbers
 * (the watcher: 6 delivery failed, 7 changes held, 8 state store).
 */
export const EXIT_CODES = {
  ok: 0,
  /** Anything not classified: a file-system error, a bug. */
  failure: 1,
  usage: 2,
  /** 401 / 403: credentials wrong or revoked, store inactive. */
  auth: 3,
  /** 404: store or cluster not found. */
  notFound: 4,
  /** Other API and network failures, after retries where retrying helps; incomplete scans. */
  api: 5,
  /** The API answered with a redirect, which is never followed. */
  redirect: 9,
  /** SIGINT / SIGTERM. */
  interrupted: 130,
} as const;

export type SharedExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The `code` of a core error (`DOOKI_ERR_*`), read structurally so this module needs no core. */
export function dookiErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('DOOKI_ERR_') ? code : undefined;
}

const isAbort = (error: unknown): boolean =>
  dookiErrorCode(error) === 'DOOKI_ERR_ABORTED' ||
  (error instanceof Error && error.name === 'AbortError');

/**
 * The shared part of every CLI's error → exit code mapping: usage errors and invalid options
 * 2, auth 3, not found 4, redirect 9, cancellation 130, any other API error 5. Returns
 * `undefined` for errors the CLI classifies itself (its own failures, then `failure`).
 */
export function sharedExitCode(error: unknown, signal?: AbortSignal): SharedExitCode | undefined {
  if (signal?.aborted === true || isAbort(error)) return EXIT_CODES.interrupted;
  if (error instanceof UsageError) return EXIT_CODES.usage;
  switch (dookiErrorCode(error)) {
    case undefined:
      return undefined;
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
}
