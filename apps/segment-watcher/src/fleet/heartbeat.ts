import { hostname } from 'node:os';
import type { WorkerUtils } from 'graphile-worker';
import type { FleetState } from './fleet-state.js';

/** A process's liveness in the fleet, and the fence that stops its jobs when it loses it. */
export interface Heartbeat {
  /** Aborted when this process could not say it is alive for half of `deadAfterMs`. */
  signal(): AbortSignal;
  stop(): Promise<void>;
}

export interface HeartbeatOptions {
  fleet: FleetState;
  utils: Pick<WorkerUtils, 'forceUnlockWorkers'>;
  processId: string;
  workerIds: () => string[];
  heartbeatMs: number;
  deadAfterMs: number;
  log: (line: string) => void;
}

/**
 * graphile-worker releases a crashed worker's job locks only after 4 hours, so each process
 * says it is alive every `heartbeatMs`, and a peer that finds one silent for `deadAfterMs`
 * unlocks its jobs (`forceUnlockWorkers`): a job killed with -9 runs again within that time.
 *
 * Two rules keep that from ever running a job twice at once:
 * - silence counts only while the judging process reaches the database itself (after an outage
 *   every peer's last heartbeat is old, and it is alive);
 * - a process that has not reached the database for half of `deadAfterMs` aborts its own running
 *   jobs (this fence), so by the time a peer may release them it has stopped working on them.
 *
 * The first heartbeat is awaited: a process that cannot write it does not start.
 */
export async function startHeartbeat(options: HeartbeatOptions): Promise<Heartbeat> {
  const { fleet, deadAfterMs, log } = options;
  let fence = new AbortController();
  let lastOk = Date.now();
  let reachableSince: number | null = Date.now();
  let outage = false;
  const beat = async (): Promise<void> => {
    await fleet.heartbeat({
      id: options.processId,
      host: hostname(),
      pid: process.pid,
      workerIds: options.workerIds(),
    });
    lastOk = Date.now();
    if (fence.signal.aborted) fence = new AbortController();
    if (outage) log('database reachable again; heartbeats resumed');
    outage = false;
    reachableSince ??= lastOk;
    if (lastOk - reachableSince >= deadAfterMs) await releaseSilentPeers(options);
  };
  const failed = (error: unknown): void => {
    reachableSince = null;
    if (!outage) log(`heartbeat failed: ${(error as Error).message}`);
    outage = true;
    if (Date.now() - lastOk > deadAfterMs / 2 && !fence.signal.aborted) {
      log(
        'no heartbeat for half the dead-after time: aborting running jobs (peers may take them over)',
      );
      fence.abort(new Error('this process lost the database; the job runs again'));
    }
  };
  await beat();
  const timer = setInterval(() => void beat().catch(failed), options.heartbeatMs);
  timer.unref();
  return {
    signal: () => fence.signal,
    async stop() {
      clearInterval(timer);
      await fleet.leave(options.processId).catch(() => undefined);
    },
  };
}

async function releaseSilentPeers(options: HeartbeatOptions): Promise<void> {
  for (const row of await options.fleet.takeSilent(options.deadAfterMs)) {
    if (row.worker_ids.length > 0) await options.utils.forceUnlockWorkers(row.worker_ids);
    options.log(`process ${row.process_id} went silent; its jobs are released to the fleet`);
  }
}
