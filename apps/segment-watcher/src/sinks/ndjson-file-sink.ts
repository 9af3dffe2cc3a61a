import { open, type FileHandle } from 'node:fs/promises';
import { PRIVATE_MODE, tightenFile, type TightenedFile } from '../state/private-file.js';
import { type DeliveryResult, type EventSink, type OutboxEvent } from './sink.js';

export interface NdjsonFileSinkOptions {
  /** Called when an existing file that others could read was narrowed to 0600. */
  onTightened?: (file: TightenedFile) => void;
}

/**
 * Appends events as NDJSON to a file. Each batch is written and fsync'ed before it is
 * acknowledged, so a delivered event survives even a power cut; a crash between the write and the
 * acknowledgement only repeats lines (same event ids), it never loses one. Events carry names
 * and emails: the file is created 0600, and an existing one others could read is narrowed.
 *
 * @example
 * const sink = await createNdjsonFileSink('./events.ndjson');
 */
export async function createNdjsonFileSink(
  path: string,
  options: NdjsonFileSinkOptions = {},
): Promise<EventSink> {
  const tightened = tightenFile(path);
  if (tightened) options.onTightened?.(tightened);
  const handle: FileHandle = await open(path, 'a+', PRIVATE_MODE);
  try {
    await refuseForeignFile(handle, path);
    await dropTornTail(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    name: `file:${path}`,
    async deliver(events: readonly OutboxEvent[]): Promise<DeliveryResult> {
      if (events.length === 0) return { acknowledged: 0 };
      try {
        await handle.appendFile(events.map((event) => `${event.body}\n`).join(''));
        await handle.sync();
        return { acknowledged: events.length };
      } catch (error) {
        return { acknowledged: 0, error: error as Error };
      }
    },
    async close(): Promise<void> {
      await handle.close();
    },
  };
}

/** `--out` (or a fleet's `ndjson:`) names an existing file that is not an event log of ours. */
export class ForeignOutputFileError extends Error {
  override readonly name = 'ForeignOutputFileError';
}

/**
 * An existing file is appended to only when it already holds events (its first line is an event
 * object): a torn last line is then ours to cut. Any other file is refused, so a typo in `--out`
 * never truncates someone's data.
 */
async function refuseForeignFile(handle: FileHandle, path: string): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const head = Buffer.alloc(Math.min(size, 64 * 1024));
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  const text = head.subarray(0, bytesRead).toString('utf8');
  const newline = text.indexOf('\n');
  // No newline at all: one torn first event of ours (a crash during the first write), or not ours.
  const ours = newline < 0 ? text.startsWith('{"id":"') : looksLikeEvent(text.slice(0, newline));
  if (!ours) {
    throw new ForeignOutputFileError(
      `${path} exists and is not a dooki-watch event file (NDJSON); refusing to append to it: choose another file or move this one away`,
    );
  }
}

function looksLikeEvent(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && 'id' in value && 'type' in value;
  } catch {
    return false;
  }
}

/**
 * A crash in the middle of a write can leave a last line without its newline. Those events were
 * never acknowledged and will be written again, so the torn tail is cut off before appending.
 */
async function dropTornTail(handle: FileHandle): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const chunk = Buffer.alloc(Math.min(size, 1 << 20));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await handle.read(chunk, 0, end - start, start);
    const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline >= 0) {
      if (start + newline + 1 < size) await handle.truncate(start + newline + 1);
      return;
    }
    end = start;
  }
  await handle.truncate(0);
}
