import { type EventSink } from '../sinks/sink.js';
import { deliverPending, type DeliveryReport } from './deliver.js';
import { scanAndCommit, type ClusterReport, type WatchSettings } from './scan-and-commit.js';

export interface CycleReport {
  clusters: ClusterReport[];
  /** The cycle's delivery; `pending` is counted at its end, after this cycle's scans. */
  delivery: DeliveryReport & {
    /** How many of the pending events this cycle's scans committed (the rest are older). */
    pendingThisRun: number;
  };
}

/**
 * One watch cycle: scan every cluster in turn (they share the client's rate budget), commit each,
 * then drain the outbox into the sinks. Pending events from an earlier crashed run go out first.
 *
 * @throws StateWriteError when the state cannot be written (disk full, read-only, I/O error,
 *   database gone): that is no incomplete scan, and nothing later in the cycle could be recorded
 *   either.
 */
export async function runCycle(
  settings: WatchSettings,
  clusterIds: readonly number[],
  sinks: readonly EventSink[],
  onReport?: (report: ClusterReport) => void,
): Promise<CycleReport> {
  try {
    return await cycle(settings, clusterIds, sinks, onReport);
  } catch (error) {
    throw settings.state.asWriteError(error) ?? error;
  }
}

async function cycle(
  settings: WatchSettings,
  clusterIds: readonly number[],
  sinks: readonly EventSink[],
  onReport?: (report: ClusterReport) => void,
): Promise<CycleReport> {
  const { outbox } = settings.state;
  // Deliver leftovers before scanning, so a long scan does not delay old events.
  const leftovers = await deliverPending(outbox, sinks);
  const clusters: ClusterReport[] = [];
  for (const clusterId of clusterIds) {
    settings.signal?.throwIfAborted();
    const report = await scanAndCommit(settings, clusterId);
    // Rows the scan could not stage: a state-file failure, not an incomplete scan.
    const stateFailure = settings.state.asWriteError(report.error);
    if (stateFailure) throw stateFailure;
    clusters.push(report);
    onReport?.(report);
  }
  let delivery = leftovers;
  if (!leftovers.error) {
    const rest = await deliverPending(outbox, sinks);
    delivery = { ...rest, delivered: rest.delivered + leftovers.delivered };
  }
  const pending = await outbox.pendingCount();
  let pendingThisRun = 0;
  for (const report of pending > 0 ? clusters : []) {
    if (report.events > 0)
      pendingThisRun += await outbox.pendingOfScan(settings.alias, report.clusterId, report.scanNo);
  }
  return { clusters, delivery: { ...delivery, pending, pendingThisRun } };
}
