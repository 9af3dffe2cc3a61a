import Database from 'better-sqlite3';
import { nextStepFor, StateWriteError, type NextSteps } from '../errors.js';

/**
 * What to do about each kind of storage failure, by SQLite result code (extended codes such as
 * `SQLITE_IOERR_WRITE` match their family) or errno of a file operation.
 */
const NEXT_STEPS: NextSteps = [
  [
    /^(SQLITE_FULL|ENOSPC|EDQUOT|EFBIG)/,
    'free disk space where the state file lives (or move it with --state)',
  ],
  [
    /^(SQLITE_READONLY|SQLITE_PERM|SQLITE_CANTOPEN|EACCES|EPERM|EROFS)/,
    'make the state file, its -wal and -shm files and its directory writable for this user (or pass --state <writable file>)',
  ],
  [/^(SQLITE_IOERR|EIO)/, 'check the disk that holds the state file (it reported an I/O error)'],
  [/^SQLITE_BUSY/, 'another process held the state file locked for over 5 s; let it finish'],
];

/**
 * `error` as a {@link StateWriteError} naming `path` when it is a storage failure of the state
 * file (SQLite I/O, full, read-only, busy; or a file operation's ENOSPC, EACCES, ...); null for
 * anything else, such as a bug or an API error.
 */
export function asSqliteWriteError(path: string, error: unknown): StateWriteError | null {
  if (error instanceof StateWriteError) return error;
  const code = storageCode(error);
  const step = nextStepFor(NEXT_STEPS, code);
  if (step === null) return null;
  const reason = (error as Error).message.replace(/^[A-Z]+: /, '');
  return new StateWriteError(path, code!, reason, step, error);
}

function storageCode(error: unknown): string | null {
  if (error instanceof Database.SqliteError) return error.code;
  // Node's own file errors (creating or tightening the file) carry a syscall.
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  return typeof code === 'string' && typeof syscall === 'string' ? code : null;
}
