import { Outbox } from '../state/outbox.js';
import { type EventSink } from '../sinks/sink.js';
import { deliverPending, type DeliveryReport } from './deliver.js';
import { scanAndCommit, type ClusterReport, type WatchSettings } from './scan-and-commit.js';

export interface CycleReport {
  clusters: ClusterReport[];
  delivery: DeliveryReport;
}

/**
 * One watch cycle: scan every cluster in turn (they share the client's rate budget), commit each,
 * then drain the outbox into the sinks. Pending events from an earlier crashed run go out first.
 */
export async function runCycle(
  settings: WatchSettings,
  clusterIds: readonly number[],
  sinks: readonly EventSink[],
  onReport?: (report: ClusterReport) => void,
): Promise<CycleReport> {
  const outbox = new Outbox(settings.state);
  // Deliver leftovers before scanning, so a long scan does not delay old events.
  const leftovers = await deliverPending(outbox, sinks);
  const clusters: ClusterReport[] = [];
  for (const clusterId of clusterIds) {
    settings.signal?.throwIfAborted();
    const report = await scanAndCommit(settings, clusterId);
    clusters.push(report);
    onReport?.(report);
  }
  if (leftovers.error) return { clusters, delivery: leftovers };
  const delivery = await deliverPending(outbox, sinks);
  return {
    clusters,
    delivery: { ...delivery, delivered: delivery.delivered + leftovers.delivered },
  };
}
