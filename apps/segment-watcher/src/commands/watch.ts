import { printWarnings } from '@clusterstream/cli-kit';
import {
  createDookiClient,
  describeWait,
  LONG_WAIT_MS,
  TRANSPORTS,
  type DookiClient,
} from '@clusterstream/core';
import { type Writable } from 'node:stream';
import { lastValueFrom, map, toArray } from 'rxjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode, type ExitCodeValue } from '../cli/exit-codes.js';
import { closeSinks, openStateAndSinks } from '../cli/open-sinks.js';
import { type WatchArgs } from '../cli/watch-args.js';
import { runCycle, type CycleReport } from '../watcher/run-cycle.js';
import { resolveWatchSettings } from '../watcher/watch-settings.js';
import { cycleExitCode, describeCluster, describeDelivery } from './watch-report.js';

/** The process surroundings a command runs in (injectable for tests). */
export interface CommandIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** `dooki-watch --once` / `--interval`: scan, commit, deliver; repeat in daemon mode. */
export async function runWatch(args: WatchArgs, io: CommandIo): Promise<ExitCodeValue> {
  printWarnings('dooki-watch', args.warnings, io.stderr);
  const { pageSize, transport, ...api } = args.api;
  const client = createDookiClient({
    ...api,
    transport: TRANSPORTS[transport],
    // A wait of seconds or more (rate limit, Retry-After, backoff) must never look like a hang.
    onEvent: (event) => {
      const wait = describeWait(event);
      if (wait !== null && wait.delayMs >= LONG_WAIT_MS && !args.quiet)
        io.stderr.write(`${wait.text}\n`);
    },
  });
  const { state, sinks } = await openStateAndSinks(args, io);
  try {
    const settings = resolveWatchSettings({
      ...args,
      alias: api.alias,
      ...(pageSize === undefined ? {} : { pageSize }),
      client,
      state,
      signal: io.signal,
    });
    for (;;) {
      const clusterIds =
        args.clusterIds === 'all' ? await listClusters(client, io.signal) : args.clusterIds;
      const report: CycleReport = await runCycle(settings, clusterIds, sinks, (cluster) => {
        if (!args.quiet || cluster.outcome === 'incomplete')
          io.stderr.write(`${describeCluster(cluster)}\n`);
      });
      const delivery = describeDelivery(report.delivery);
      if (delivery !== null && (!args.quiet || report.delivery.error))
        io.stderr.write(`${delivery}\n`);
      if (io.signal.aborted) return ExitCode.interrupted;
      const code = cycleExitCode(report);
      if (args.intervalMs === null || code === ExitCode.auth) return code;
      await sleep(args.intervalMs, undefined, { signal: io.signal });
    }
  } finally {
    await closeSinks(sinks);
    await state.close();
  }
}

/** Every cluster id of the store (`--all-clusters`), listed afresh each cycle. */
function listClusters(client: DookiClient, signal: AbortSignal): Promise<number[]> {
  return lastValueFrom(
    client.clusters({ signal }).pipe(
      map((cluster) => cluster.id),
      toArray(),
    ),
  );
}
