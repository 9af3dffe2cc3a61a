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
  await dropTornTail(handle);
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
