import { chmodSync, closeSync, openSync, statSync } from 'node:fs';

/** Owner read and write only: the state file and event files hold names and emails. */
export const PRIVATE_MODE = 0o600;

/** A file whose permissions were narrowed to {@link PRIVATE_MODE}, with the mode it had. */
export interface TightenedFile {
  path: string;
  mode: number;
}

/** Creates `path` empty with mode 0600, unless it exists. */
export function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', PRIVATE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Narrows an existing regular file that group or others may access to 0600. Returns what it
 * was, or null when the file is missing, private already, another user's (only its owner may
 * chmod), or no regular file (`--out /dev/null` must not change `/dev/null`).
 */
export function tightenFile(path: string): TightenedFile | null {
  try {
    const stats = statSync(path);
    const mode = stats.mode & 0o777;
    if (!stats.isFile() || (mode & 0o077) === 0) return null;
    chmodSync(path, PRIVATE_MODE);
    return { path, mode };
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' || code === 'EPERM') return null;
    throw error;
  }
}

/** `/x/watch.db (was 0644), /x/events.ndjson (was 0664)`. */
export function describeTightened(files: readonly TightenedFile[]): string {
  return files
    .map((file) => `${file.path} (was 0${file.mode.toString(8).padStart(3, '0')})`)
    .join(', ');
}
