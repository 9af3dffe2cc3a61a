import { isDookiError } from '@clusterstream/core';
import { redactPassword } from '../database-url.js';
import { nextStepFor, StateWriteError, type NextSteps } from '../errors.js';
import { isConnectionLost } from './pool.js';

/** What to do about each kind of failure, by SQLSTATE (class prefix) or socket errno. */
const NEXT_STEPS: NextSteps = [
  [
    /^53300/,
    'the database has no free connection slot: raise max_connections, or lower --concurrency and other clients',
  ],
  [/^53/, 'free disk space (or memory) on the database server'],
  [
    /^(25006|42501|28)/,
    'connect to a writable primary as a role that may write the dooki_watch schema',
  ],
  [
    /^(08|57P0[1-3]|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|CONNECTION_LOST)/,
    'check that the database server is up and reachable from this host',
  ],
  [/^(58|XX)/, 'check the database server (it reported an I/O or internal error)'],
];

/**
 * `error` as a {@link StateWriteError} naming the (redacted) database when the database refused
 * or lost a write: disk full, read-only, privileges, connection lost. Null for anything else.
 */
export function asPostgresWriteError(
  location: string,
  printable: string,
  error: unknown,
): StateWriteError | null {
  if (error instanceof StateWriteError) return error;
  // API failures carry codes too (core wraps network errors as DOOKI_ERR_*): never ours.
  if (!(error instanceof Error) || isDookiError(error)) return null;
  const code = failureCode(error);
  const step = nextStepFor(NEXT_STEPS, code);
  if (step === null) return null;
  const message = redactPassword(error.message, location);
  // Said plainly: a server that ended our connection mid-write is no disk or permission problem.
  const reason = isConnectionLost(error) ? `connection lost (${message})` : message;
  return new StateWriteError(printable, code!, reason, step, error, 'the state database');
}

function failureCode(error: Error): string | null {
  const { code } = error as { code?: unknown };
  if (typeof code === 'string') return code;
  // pg reports a dropped connection without a code.
  return /Connection terminated|not queryable|connection timeout|timeout exceeded/i.test(
    error.message,
  )
    ? 'CONNECTION_LOST'
    : null;
}
