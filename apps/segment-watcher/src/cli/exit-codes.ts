import { EXIT_CODES, UsageError } from '@clusterstream/cli-kit';

/**
 * Documented exit codes of `dooki-watch` (see README): cli-kit's shared ones (0, 1, 2, 3, 4,
 * 5, 9, 130) under the watcher's names, plus its own 6, 7 and 8.
 */
export const ExitCode = {
  ok: EXIT_CODES.ok,
  unexpected: EXIT_CODES.failure,
  usage: EXIT_CODES.usage,
  auth: EXIT_CODES.auth,
  notFound: EXIT_CODES.notFound,
  scanIncomplete: EXIT_CODES.api,
  deliveryFailed: 6,
  changesHeld: 7,
  stateFile: 8,
  redirect: EXIT_CODES.redirect,
  interrupted: EXIT_CODES.interrupted,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A bad flag, value or combination: exit 2 with the message and a pointer to `--help`. */
export { UsageError };
