import { type Writable } from 'node:stream';
import { type SinkSpec } from '../sinks/open-sinks.js';
import { type StateBackend } from '../state/backend.js';
import { openBackend } from '../state/open-backend.js';
import { describeTightened, type TightenedFile } from '../state/private-file.js';
import { webhookSinkName } from '../webhooks/webhook-url.js';
import { type SinkArgs } from './sink-args.js';

/**
 * The sinks the flags ask for: `--out` (file or `-`), `--webhook`, or stdout when neither is
 * given.
 */
export function sinkSpecs(args: SinkArgs): SinkSpec[] {
  const specs: SinkSpec[] = [];
  if (args.out === '-' || (args.out === null && args.webhook === null))
    specs.push({ kind: 'stdout' });
  else if (args.out !== null) specs.push({ kind: 'ndjson', path: args.out });
  if (args.webhook !== null) specs.push({ kind: 'webhook', ...args.webhook });
  return specs;
}

/**
 * Opens the state the flags name and collects the files whose permissions were narrowed to 0600
 * (state, its `-wal`/`-shm`, the `--out` file); `noteTightened` prints them in one line.
 */
export async function openCliState(
  args: Pick<SinkArgs, 'statePath' | 'reenableWebhook' | 'webhook'>,
  tightened: TightenedFile[],
): Promise<StateBackend> {
  const state = await openBackend(args.statePath, { onTightened: (file) => tightened.push(file) });
  try {
    if (args.reenableWebhook && args.webhook !== null) {
      await state.outbox.enableSink(webhookSinkName(args.webhook.url));
    }
    return state;
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
