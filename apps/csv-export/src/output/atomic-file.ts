import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
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

const PARTIAL = /^\.(.+)\.(?:(\d+)-)?[0-9a-f]{12}\.partial$/;
// Partials named before the writer's pid was part of the name: removed once surely abandoned.
const LEGACY_PARTIAL_AGE_MS = 60 * 60 * 1000;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
};

/**
 * Deletes the temporary files that exports of `path` killed with `-9` left behind: they
 * hold personal data. Only those whose writer process is gone; never a live export's.
 */
export const removeStalePartials = async (path: string): Promise<string[]> => {
  const dir = dirname(path);
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [])) {
    const match = PARTIAL.exec(name);
    if (match?.[1] !== basename(path)) continue;
    const full = join(dir, name);
    const pid = match[2] === undefined ? undefined : Number(match[2]);
    const stale =
      pid === undefined
        ? Date.now() - (await stat(full)).mtimeMs > LEGACY_PARTIAL_AGE_MS
        : pid !== process.pid && !isAlive(pid);
    if (
      stale &&
      (await unlink(full).then(
        () => true,
        () => false,
      ))
    )
      removed.push(full);
  }
  return removed;
};

/** Makes a rename in `dir` durable: without it a power cut can bring the old entry back. */
const syncDirectory = async (dir: string): Promise<void> => {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/**
 * Opens `.<name>.<pid>-<random>.partial` beside `path` (same directory, so the final
 * rename is atomic) with mode 0600, since exports hold personal data, after removing
 * the partials of dead exports. Resolves once the file is open, so a bad directory
 * fails before any API request. The data is fsynced before the rename and the
 * directory after it.
 *
 * @example
 * const file = await openAtomicFile('out/customers.csv');
 * await pipeline(source, file.stream);
 * await file.commit();
 */
export const openAtomicFile = async (path: string): Promise<AtomicFile> => {
  await removeStalePartials(path);
  const tempPath = join(
    dirname(path),
    `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.partial`,
  );
  // flush: fsync before the stream closes, so the rename never publishes unwritten data.
  const stream = createWriteStream(tempPath, {
    flags: 'wx',
    mode: 0o600,
    flush: true,
    // A page of CSV is ~20 KB: with the default 16 KB every page would wait for 'drain'.
    highWaterMark: 1 << 20,
  });
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
      await syncDirectory(dirname(path));
    },
    discard: async () => {
      // A write still in flight fails with ERR_STREAM_DESTROYED once destroyed (Node 20 emits
      // it even then): the file is being thrown away, so that error is expected, not a crash.
      stream.on('error', () => undefined);
      stream.destroy();
      await closed(stream);
      await unlink(tempPath).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
  };
};
