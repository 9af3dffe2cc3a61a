import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';

/** A file being written under a temporary name; only {@link AtomicFile.commit} makes it visible. */
export interface AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  readonly stream: WriteStream;
  /** Renames the finished temporary file over the target. */
  commit(): Promise<void>;
  /** Closes and deletes the temporary file; the target is left as it was. */
  discard(): Promise<void>;
}

// Not events.once: that would reject with the 'error' a failed pipeline destroys the stream with.
const closed = (stream: WriteStream): Promise<void> =>
  stream.closed
    ? Promise.resolve()
    : new Promise((resolve) => stream.once('close', () => resolve()));

/**
 * Opens `.<name>.<random>.partial` beside `path` (same directory, so the final
 * rename is atomic) with mode 0600, since exports hold personal data. Resolves
 * once the file is open, so a bad directory fails before any API request.
 *
 * @example
 * const file = await openAtomicFile('out/customers.csv');
 * await pipeline(source, file.stream);
 * await file.commit();
 */
export const openAtomicFile = async (path: string): Promise<AtomicFile> => {
  const tempPath = join(
    dirname(path),
    `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`,
  );
  const stream = createWriteStream(tempPath, { flags: 'wx', mode: 0o600 });
  try {
    await once(stream, 'ready'); // rejects with the 'error' of a failed open
  } catch (error) {
    // Name the target, not the temporary file the system error mentions.
    const { code } = error as NodeJS.ErrnoException;
    throw Object.assign(new Error(`cannot write ${path}: ${code ?? String(error)}`), { code });
  }
  return {
    path,
    tempPath,
    stream,
    commit: async () => {
      await closed(stream);
      await rename(tempPath, path);
    },
    discard: async () => {
      stream.destroy();
      await closed(stream);
      await unlink(tempPath).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
  };
};
