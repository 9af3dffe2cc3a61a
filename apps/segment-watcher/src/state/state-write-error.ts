import Database from 'better-sqlite3';
import { StateFileError } from './schema.js';

/**
 * What to do about each kind of storage failure, by SQLite result code (extended codes such as
 * `SQLITE_IOERR_WRITE` match their family) or errno of a file operation.
 */
const NEXT_STEPS: readonly (readonly [RegExp, string])[] = [
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
 * The state file could not be written: disk full, read-only file or directory, I/O error. The
 * failed write was rolled back, so the file stays consistent as of its last commit.
 */
export class StateWriteError extends StateFileError {
  override readonly name = 'StateWriteError';
  /** The SQLite result code or errno behind it, e.g. `SQLITE_FULL`. */
  readonly code: string;

  constructor(
    path: string,
    code: string,
    reason: string,
    nextStep: string,
    cause: unknown,
    what = 'the state file',
  ) {
    super(
      `cannot write ${what} ${path}: ${reason} (${code}). The failed write was rolled back: ` +
        'what was committed before is intact, and events not yet marked delivered go out again ' +
        `(same ids) on the next run. next step: ${nextStep}, then run dooki-watch again`,
      { cause },
    );
    this.code = code;
  }
}

/**
 * `error` as a {@link StateWriteError} naming `path` when it is a storage failure of the state
 * file (SQLite I/O, full, read-only, busy; or a file operation's ENOSPC, EACCES, ...); null for
 * anything else, such as a bug or an API error.
 */
export function asStateWriteError(path: string, error: unknown): StateWriteError | null {
  if (error instanceof StateWriteError) return error;
  const code = storageCode(error);
  const step = code === null ? undefined : NEXT_STEPS.find(([pattern]) => pattern.test(code));
  if (!step) return null;
  const reason = (error as Error).message.replace(/^[A-Z]+: /, '');
  return new StateWriteError(path, code!, reason, step[1], error);
}

function storageCode(error: unknown): string | null {
  if (error instanceof Database.SqliteError) return error.code;
  // Node's own file errors (creating or tightening the file) carry a syscall.
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  return typeof code === 'string' && typeof syscall === 'string' ? code : null;
}
