import { type Writable } from 'node:stream';
import { type DeliveryResult, type EventSink, type OutboxEvent } from './sink.js';

/**
 * Writes events as NDJSON (one JSON object per line) to a stream, stdout by default. A batch is
 * acknowledged once the stream has taken the bytes (write callback), so backpressure is honoured.
 *
 * @example
 * const sink = createNdjsonStreamSink(process.stdout);
 */
export function createNdjsonStreamSink(stream: Writable = process.stdout): EventSink {
  return {
    name: 'stdout',
    async deliver(events: readonly OutboxEvent[]): Promise<DeliveryResult> {
      if (events.length === 0) return { acknowledged: 0 };
      const text = events.map((event) => `${event.body}\n`).join('');
      try {
        await new Promise<void>((resolve, reject) => {
          stream.write(text, (error) => (error ? reject(error) : resolve()));
        });
        return { acknowledged: events.length };
      } catch (error) {
        return { acknowledged: 0, error: error as Error };
      }
    },
  };
}
