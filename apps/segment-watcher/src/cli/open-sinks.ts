import { type Writable } from 'node:stream';
import { createNdjsonFileSink } from '../sinks/ndjson-file-sink.js';
import { createNdjsonStreamSink } from '../sinks/ndjson-stream-sink.js';
import { type EventSink } from '../sinks/sink.js';
import { Outbox } from '../state/outbox.js';
import { type StateStore } from '../state/state-store.js';
import { createWebhookSink } from '../webhooks/webhook-sink.js';
import { type SinkArgs } from './sink-args.js';

/**
 * The sinks the flags ask for: `--out` (file or `-`), `--webhook`, or stdout when neither is
 * given. A webhook disabled by a 410 stays disabled (state file) until `--reenable-webhook`.
 */
export async function openSinks(
  args: SinkArgs,
  state: StateStore,
  stdout: Writable,
  signal: AbortSignal,
): Promise<EventSink[]> {
  const sinks: EventSink[] = [];
  if (args.out === '-' || (args.out === null && args.webhook === null)) {
    sinks.push(createNdjsonStreamSink(stdout));
  } else if (args.out !== null) {
    sinks.push(await createNdjsonFileSink(args.out));
  }
  if (args.webhook !== null) {
    const outbox = new Outbox(state);
    // Origin and path only: a query string may carry a receiver's token.
    const { origin, pathname } = new URL(args.webhook.url);
    const name = `webhook:${origin}${pathname}`;
    if (args.reenableWebhook) outbox.enableSink(name);
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
