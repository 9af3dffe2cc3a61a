import { type Outbox } from '../state/outbox.js';
import { type EventSink } from '../sinks/sink.js';

export interface DeliveryReport {
  delivered: number;
  pending: number;
  error?: Error;
}

/**
 * Drains the outbox into every sink, batch by batch, in `seq` order. An event is marked delivered
 * only after *all* sinks acknowledged it; on a failure the rest stays pending for the next run,
 * so a sink may see an event twice (same id) but never miss one.
 */
export async function deliverPending(
  outbox: Outbox,
  sinks: readonly EventSink[],
  batchSize = 500,
): Promise<DeliveryReport> {
  let delivered = 0;
  for (;;) {
    const batch = outbox.pending(batchSize);
    if (batch.length === 0) return { delivered, pending: 0 };
    let acknowledged = batch.length;
    let error: Error | undefined;
    for (const sink of sinks) {
      const result = await sink.deliver(batch.slice(0, acknowledged));
      if (result.acknowledged < acknowledged) {
        acknowledged = result.acknowledged;
        error = result.error ?? new Error(`${sink.name} acknowledged only part of a batch`);
      }
    }
    outbox.markDelivered(batch.slice(0, acknowledged));
    delivered += acknowledged;
    if (error) {
      outbox.recordFailure(batch[acknowledged]!, error);
      return { delivered, pending: outbox.pendingCount(), error };
    }
  }
}
