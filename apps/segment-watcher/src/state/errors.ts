/** The state file or database cannot be opened, or is not a dooki-watch state. */
export class StateFileError extends Error {
  override readonly name: string = 'StateFileError';
}

/** Thrown when the state was written by a newer watcher; running on it could corrupt state. */
export class StateVersionError extends Error {
  override readonly name = 'StateVersionError';
}

/** What to do about a kind of storage failure: a pattern over its code, and the next step. */
export type NextSteps = readonly (readonly [RegExp, string])[];

/**
 * The state could not be written: disk full, read-only file or database, I/O error, connection
 * lost. The failed write was rolled back, so the state stays consistent as of its last commit.
 */
export class StateWriteError extends StateFileError {
  override readonly name = 'StateWriteError';
  /** The SQLite result code, errno or SQLSTATE behind it, e.g. `SQLITE_FULL`. */
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

/** The next step for a failure `code` (a family prefix matches its extended codes), or null. */
export function nextStepFor(steps: NextSteps, code: string | null): string | null {
  if (code === null) return null;
  return steps.find(([pattern]) => pattern.test(code))?.[1] ?? null;
}
