/** Documented exit codes of `dooki-watch` (see README). */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  scanIncomplete: 5,
  deliveryFailed: 6,
  changesHeld: 7,
  stateFile: 8,
  redirect: 9,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A bad flag, value or combination: exit 2 with the message and a pointer to `--help`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
