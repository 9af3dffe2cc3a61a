import { type Writable } from 'node:stream';
import { type CommandIo } from '../commands/watch.js';
import { createNdjsonFileSink } from '../sinks/ndjson-file-sink.js';
import { createNdjsonStreamSink } from '../sinks/ndjson-stream-sink.js';
import { type EventSink } from '../sinks/sink.js';
import { describeTightened, type TightenedFile } from '../state/private-file.js';
import { type StateBackend } from '../state/backend.js';
import { openBackend } from '../state/open-backend.js';
import { createWebhookSink } from '../webhooks/webhook-sink.js';
import { type SinkArgs } from './sink-args.js';

/**
 * Opens the state file and the sinks the flags ask for. Existing files that others could read
 * (state, its `-wal`/`-shm`, the `--out` file) are narrowed to 0600 and named in one note.
 */
export async function openStateAndSinks(
  args: SinkArgs,
  io: CommandIo,
): Promise<{ state: StateBackend; sinks: EventSink[] }> {
  const tightened: TightenedFile[] = [];
  const onTightened = (file: TightenedFile): number => tightened.push(file);
  const state = await openBackend(args.statePath, { onTightened });
  try {
    const sinks = await openSinks(args, state, io.stdout, io.signal, onTightened);
    noteTightened(tightened, io.stderr);
    return { state, sinks };
  } catch (error) {
    await state.close();
    throw error;
  }
}

/** The one stderr note about files whose permissions were narrowed. */
export function noteTightened(files: readonly TightenedFile[], stderr: Writable): void {
  if (files.length === 0) return;
  stderr.write(
    `dooki-watch: tightened permissions to 0600 (names and emails inside): ${describeTightened(files)}\n`,
  );
}

/**
 * The sinks the flags ask for: `--out` (file or `-`), `--webhook`, or stdout when neither is
 * given. A webhook disabled by a 410 stays disabled (state file) until `--reenable-webhook`.
 */
async function openSinks(
  args: SinkArgs,
  state: StateBackend,
  stdout: Writable,
  signal: AbortSignal,
  onTightened: (file: TightenedFile) => void,
): Promise<EventSink[]> {
  const sinks: EventSink[] = [];
  if (args.out === '-' || (args.out === null && args.webhook === null)) {
    sinks.push(createNdjsonStreamSink(stdout));
  } else if (args.out !== null) {
    sinks.push(await createNdjsonFileSink(args.out, { onTightened }));
  }
  if (args.webhook !== null) {
    const { outbox } = state;
    // Origin and path only: a query string may carry a receiver's token.
    const { origin, pathname } = new URL(args.webhook.url);
    const name = `webhook:${origin}${pathname}`;
    if (args.reenableWebhook) await outbox.enableSink(name);
    sinks.push(
      createWebhookSink({
        ...args.webhook,
        signal,
        disabledReason: () => outbox.disabledReason(name),
        onDisabled: (reason) => outbox.disableSink(name, reason),
      }),
    );
  }
  return sinks;
}

export async function closeSinks(sinks: readonly EventSink[]): Promise<void> {
  for (const sink of sinks) await sink.close?.();
}
