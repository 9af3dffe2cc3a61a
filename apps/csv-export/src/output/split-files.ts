import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { basename, dirname, join } from 'node:path';
import { createGzip } from 'node:zlib';
import { openAtomicFile, type AtomicFile } from './atomic-file.js';

const NEWLINE = 0x0a;
// `.csv`, `.txt` or `.tsv`, then an optional `.gz`: the part number goes before them.
const EXTENSIONS = /(\.(?:csv|txt|tsv))?(\.gz)?$/i;

/**
 * The name of part `n` of a split export: `-<n>` before the extensions.
 *
 * @example
 * partPath('/out/vip.csv.gz', 2); // '/out/vip-2.csv.gz'
 */
export const partPath = (path: string, n: number): string => {
  const name = basename(path);
  const extensions = EXTENSIONS.exec(name)?.[0] ?? '';
  return join(dirname(path), `${name.slice(0, name.length - extensions.length)}-${n}${extensions}`);
};

interface Part {
  readonly file: AtomicFile;
  /** Where the part's CSV goes: its gzip stage, or the file stream. */
  readonly head: Writable;
  /** Settles when everything written to `head` is in the temporary file. */
  readonly done: Promise<void>;
}

const openPart = async (path: string, gzip: boolean): Promise<Part> => {
  const file = await openAtomicFile(path);
  const compress = gzip ? createGzip() : undefined;
  const done = compress === undefined ? finished(file.stream) : pipeline(compress, file.stream);
  done.catch(() => undefined); // awaited (and reported) by whoever ends the part
  return { file, head: compress ?? file.stream, done };
};

/** A file target cut into numbered files of at most `rowsPerFile` records, each with the header. */
export interface SplitFiles {
  readonly sink: Writable;
  /** Renames every part over its final name; returns the files, in order. */
  commit(): Promise<string[]>;
  discard(): Promise<void>;
  /** Remarks for the user after the commit (older parts that are not part of this export). */
  readonly warnings: string[];
}

/**
 * Writes CSV text into `path`, starting a new file (`name-2.csv`, `name-3.csv`...) with the
 * same header every `rowsPerFile` records. Each file is one atomic file (temporary name, mode
 * 0600, renamed on commit) behind its own gzip stage when `gzip` is on. When more than one
 * file was needed, the first is committed as `name-1.csv` too, so the parts read as a set.
 *
 * Records are counted by line ends, so this is only for CSV whose fields never contain a line
 * break: the audience presets, whose normalized values have no whitespace but single spaces.
 */
export const openSplitFiles = async (
  path: string,
  options: { gzip: boolean; rowsPerFile: number },
): Promise<SplitFiles> => {
  const { gzip, rowsPerFile } = options;
  const parts: Part[] = [await openPart(path, gzip)];
  const header: Buffer[] = [];
  let headerDone = false;
  let atLineStart = true;
  let rowsInPart = 0;
  const warnings: string[] = [];

  const write = async (chunk: Buffer): Promise<void> => {
    if (chunk.length === 0) return;
    const { head } = parts.at(-1)!;
    if (!head.write(chunk)) await once(head, 'drain');
  };
  const endPart = async (part: Part): Promise<void> => {
    part.head.end();
    await part.done;
  };
  const nextPart = async (): Promise<void> => {
    await endPart(parts.at(-1)!);
    parts.push(await openPart(partPath(path, parts.length + 1), gzip));
    await write(Buffer.concat(header));
    rowsInPart = 0;
  };
  const take = async (chunk: Buffer): Promise<void> => {
    let start = 0;
    let offset = 0;
    while (offset < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, offset);
      const end = newline === -1 ? chunk.length : newline + 1;
      if (!headerDone) {
        header.push(chunk.subarray(offset, end));
        headerDone = newline !== -1;
      } else if (atLineStart) {
        if (rowsInPart === rowsPerFile) {
          await write(chunk.subarray(start, offset));
          start = offset;
          await nextPart();
        }
        rowsInPart += 1;
      }
      atLineStart = newline !== -1;
      offset = end;
    }
    await write(chunk.subarray(start));
  };

  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      take(chunk).then(() => callback(), callback);
    },
    final(callback) {
      endPart(parts.at(-1)!).then(() => callback(), callback);
    },
    destroy(error, callback) {
      for (const part of parts) part.head.destroy();
      callback(error);
    },
  });

  return {
    sink,
    warnings,
    commit: async () => {
      for (const part of parts) await part.file.commit();
      if (parts.length === 1) {
        if (existsSync(partPath(path, 1)))
          warnings.push(
            `${partPath(path, 1)} and its siblings are from an earlier, split export: they are not part of this one`,
          );
        return [path];
      }
      // The first part was written under the target's name; give it its number.
      await rename(path, partPath(path, 1));
      const files = parts.map((_, index) => partPath(path, index + 1));
      const stale = partPath(path, parts.length + 1);
      if (existsSync(stale))
        warnings.push(`${stale} is from an earlier export: it is not part of this one`);
      return files;
    },
    discard: async () => {
      sink.destroy(); // destroys every part's head; a write still pending fails silently
      for (const part of parts) await part.file.discard();
    },
  };
};
