import { type DeliveryReport } from './deliver.js';
import { type ClusterReport } from './scan-and-commit.js';
import { type StoreRunner } from './store-runner.js';

export interface CycleReport {
  clusters: ClusterReport[];
  /** The cycle's delivery; `pending` is counted at its end, after this cycle's scans. */
  delivery: DeliveryReport & {
    /** How many of the pending events this cycle's scans committed (the rest are older). */
    pendingThisRun: number;
  };
}

/**
 * One watch cycle of a store, as `--once`, `--interval` and `watchCluster` run it: deliver what
 * an earlier run left, scan every cluster in turn (they share the client's rate budget), commit
 * each, then deliver.
 *
 * @throws StateWriteError when the state cannot be written (disk full, read-only, I/O error,
 *   database gone): that is no incomplete scan, and nothing later in the cycle could be recorded
 *   either.
 */
export async function runCycle(
  runner: StoreRunner,
  clusterIds: readonly number[],
  options: { signal?: AbortSignal; onReport?: (report: ClusterReport) => void } = {},
): Promise<CycleReport> {
  const state = runner.stateBackend;
  try {
    return await cycle(runner, clusterIds, options);
  } catch (error) {
    throw state.asWriteError(error) ?? error;
  }
}

async function cycle(
  runner: StoreRunner,
  clusterIds: readonly number[],
  { signal, onReport }: { signal?: AbortSignal; onReport?: (report: ClusterReport) => void },
): Promise<CycleReport> {
  // Deliver leftovers before scanning, so a long scan does not delay old events.
  const leftovers = await runner.deliver();
  const clusters: ClusterReport[] = [];
  for (const clusterId of clusterIds) {
    signal?.throwIfAborted();
    const report = await runner.runOnce(clusterId, signal);
    // Rows the scan could not stage: a state failure, not an incomplete scan.
    const stateFailure = runner.stateBackend.asWriteError(report.error);
    if (stateFailure) throw stateFailure;
    clusters.push(report);
    onReport?.(report);
  }
  let delivery = leftovers;
  if (!leftovers.error) {
    const rest = await runner.deliver();
    delivery = { ...rest, delivered: rest.delivered + leftovers.delivered };
  }
  const { outbox } = runner;
  const pending = await outbox.pendingCount();
  let pendingThisRun = 0;
  for (const report of pending > 0 ? clusters : []) {
    if (report.events > 0)
      pendingThisRun += await outbox.pendingOfScan(runner.alias, report.clusterId, report.scanNo);
  }
  return { clusters, delivery: { ...delivery, pending, pendingThisRun } };
}
