/** An event waiting in (or replayed from) the outbox. */
export interface OutboxEvent {
  seq: number;
  id: string;
  customerId: number;
  /** The exact JSON text of the {@link ClusterChange}, delivered byte for byte. */
  body: string;
}

/** What a sink acknowledged: the first `acknowledged` events of the batch are safely delivered. */
export interface DeliveryResult {
  acknowledged: number;
  error?: Error;
}

/**
 * Somewhere events go. A sink must resolve only after the destination has accepted the events,
 * because the outbox marks them delivered on that word.
 */
export interface EventSink {
  readonly name: string;
  deliver(events: readonly OutboxEvent[]): Promise<DeliveryResult>;
  close?(): Promise<void>;
}
