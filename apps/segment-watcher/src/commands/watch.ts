import { createDookiClient, type DookiClient } from '@clusterstream/core';
import { type Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode, type ExitCodeValue } from '../cli/exit-codes.js';
import { closeSinks, openSinks } from '../cli/open-sinks.js';
import { type WatchArgs } from '../cli/watch-args.js';
import { openState } from '../state/state-store.js';
import { runCycle, type CycleReport } from '../watcher/run-cycle.js';
import { resolveWatchSettings } from '../watcher/watch-settings.js';
import { cycleExitCode, describeCluster } from './watch-report.js';

/** The process surroundings a command runs in (injectable for tests). */
export interface CommandIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** `dooki-watch --once` / `--interval`: scan, commit, deliver; repeat in daemon mode. */
export async function runWatch(args: WatchArgs, io: CommandIo): Promise<ExitCodeValue> {
  if (args.credentialFlagsUsed) {
    io.stderr.write(
      'warning: --user-token/--user-secret-key show up in process lists; prefer the environment\n',
    );
  }
  const client = createDookiClient({
    alias: args.alias,
    ...args.credentials,
    ...(args.baseUrl ? { baseUrl: args.baseUrl } : {}),
    ...args.client,
  });
  const state = openState(args.statePath);
  const sinks = await openSinks(args, state, io.stdout, io.signal);
  try {
    const settings = resolveWatchSettings({ ...args, client, state, signal: io.signal });
    for (;;) {
      const clusterIds =
        args.clusterIds === 'all' ? await listClusters(client, io.signal) : args.clusterIds;
      const report: CycleReport = await runCycle(settings, clusterIds, sinks, (cluster) => {
        if (!args.quiet || cluster.outcome === 'incomplete')
          io.stderr.write(`${describeCluster(cluster)}\n`);
      });
      if (report.delivery.error) {
        io.stderr.write(
          `delivery failed, ${report.delivery.pending} event(s) stay in the outbox for the next run: ${report.delivery.error.message}\n`,
        );
      }
      if (io.signal.aborted) return ExitCode.interrupted;
      const code = cycleExitCode(report);
      if (args.intervalMs === null || code === ExitCode.auth) return code;
      await sleep(args.intervalMs, undefined, { signal: io.signal });
    }
  } finally {
    await closeSinks(sinks);
    state.close();
  }
}

async function listClusters(client: DookiClient, signal: AbortSignal): Promise<number[]> {
  const ids: number[] = [];
  for await (const cluster of client.iterateClusters({ signal })) ids.push(cluster.id);
  return ids;
}
