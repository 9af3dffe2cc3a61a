import { type Writable } from 'node:stream';
import { type OutboxStore } from '../state/backend.js';
import { type TightenedFile } from '../state/private-file.js';
import { createWebhookSink } from '../webhooks/webhook-sink.js';
import { webhookSinkName } from '../webhooks/webhook-url.js';
import { createNdjsonFileSink } from './ndjson-file-sink.js';
import { createNdjsonStreamSink } from './ndjson-stream-sink.js';
import { type EventSink } from './sink.js';

/** Where a store's events go, validated before anything opens (CLI flags or a fleet file). */
export type SinkSpec =
  | { kind: 'stdout' }
  | { kind: 'ndjson'; path: string }
  | {
      kind: 'webhook';
      url: string;
      secret: string;
      timeoutMs?: number;
      retries?: number;
      baseDelayMs?: number;
    };

/** What opening a sink may need from its surroundings. */
export interface SinkContext {
  /** The outbox whose `sinks` table remembers a webhook disabled by 410 Gone. */
  outbox: OutboxStore;
  stdout?: Writable;
  signal?: AbortSignal;
  onTightened?: (file: TightenedFile) => void;
}

/**
 * Opens the sinks, in order; on a failure the ones already open are closed again. A webhook
 * disabled by a 410 stays disabled (in the state) until re-enabled.
 */
export async function openSinks(
  specs: readonly SinkSpec[],
  context: SinkContext,
): Promise<EventSink[]> {
  const sinks: EventSink[] = [];
  try {
    for (const spec of specs) sinks.push(await openSink(spec, context));
    return sinks;
  } catch (error) {
    await closeSinks(sinks);
    throw error;
  }
}

async function openSink(spec: SinkSpec, context: SinkContext): Promise<EventSink> {
  switch (spec.kind) {
    case 'stdout':
      return createNdjsonStreamSink(context.stdout ?? process.stdout);
    case 'ndjson':
      return createNdjsonFileSink(spec.path, {
        ...(context.onTightened ? { onTightened: context.onTightened } : {}),
      });
    case 'webhook': {
      const { outbox } = context;
      const name = webhookSinkName(spec.url);
      const { kind: _kind, ...options } = spec;
      return createWebhookSink({
        ...options,
        ...(context.signal ? { signal: context.signal } : {}),
        disabledReason: () => outbox.disabledReason(name),
        onDisabled: (reason) => outbox.disableSink(name, reason),
      });
    }
  }
}

export async function closeSinks(sinks: readonly EventSink[]): Promise<void> {
  for (const sink of sinks) await sink.close?.();
}
