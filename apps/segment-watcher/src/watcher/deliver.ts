import { type LeaseHolder } from '../state/leases.js';
import { type OutboxStore } from '../state/backend.js';
import { type EventSink } from '../sinks/sink.js';

export interface DeliveryReport {
  delivered: number;
  /** Undelivered events in the outbox when this delivery ended. */
  pending: number;
  error?: Error;
  /**
   * Set when another process (`pid 123 on host`) was delivering this outbox, so this one sent
   * nothing: the holder also sends events committed while it delivers.
   */
  busy?: LeaseHolder;
}

/**
 * Drains the outbox into every sink, batch by batch, in `seq` order, under the state's
 * delivery lease (one deliverer per outbox) unless `useLease` is false. An event is marked delivered only after *all* sinks
 * acknowledged it; on a failure the rest stays pending for the next run, so a sink may see an
 * event twice (same id) but never miss one.
 */
export async function deliverPending(
  outbox: OutboxStore,
  sinks: readonly EventSink[],
  options: { batchSize?: number; useLease?: boolean } = {},
): Promise<DeliveryReport> {
  // Without the lease (a scheduler runs one deliverer per outbox), giving it back is a no-op.
  if (options.useLease !== false) {
    const busy = await outbox.claimDelivery();
    if (busy !== null) return { delivered: 0, pending: await outbox.pendingCount(), busy };
  }
  const batchSize = options.batchSize ?? 500;
  let delivered = 0;
  try {
    for (;;) {
      const batch = await outbox.nextBatch(batchSize); // gives the lease back when empty
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
      await outbox.markDelivered(batch.slice(0, acknowledged));
      delivered += acknowledged;
      if (error) {
        await outbox.recordFailure(batch[acknowledged]!, error);
        return { delivered, pending: await outbox.pendingCount(), error };
      }
    }
  } finally {
    await outbox.releaseDelivery();
  }
}
