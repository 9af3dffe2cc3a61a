import { printWarnings } from '@clusterstream/cli-kit';
import { createDookiClient, describeWait, LONG_WAIT_MS, TRANSPORTS } from '@clusterstream/core';
import { type Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode, type ExitCodeValue } from '../cli/exit-codes.js';
import { noteTightened, openCliState, sinkSpecs } from '../cli/open-sinks.js';
import { type WatchArgs } from '../cli/watch-args.js';
import { type TightenedFile } from '../state/private-file.js';
import { runCycle } from '../watcher/run-cycle.js';
import { StoreRunner } from '../watcher/store-runner.js';
import { cycleExitCode, describeCluster, describeDelivery } from './watch-report.js';

/** The process surroundings a command runs in (injectable for tests). */
export interface CommandIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** `dooki-watch --once` / `--interval`: schedulers over one {@link StoreRunner}. */
export async function runWatch(args: WatchArgs, io: CommandIo): Promise<ExitCodeValue> {
  printWarnings('dooki-watch', args.warnings, io.stderr);
  const tightened: TightenedFile[] = [];
  const state = await openCliState(args, tightened);
  const runner = new StoreRunner({
    ...args,
    ...storeClient(args, io),
    clusters: args.clusterIds,
    state,
    sinks: sinkSpecs(args),
    sinkContext: {
      stdout: io.stdout,
      signal: io.signal,
      onTightened: (file) => tightened.push(file),
    },
    exclusion: 'leases',
  });
  try {
    await runner.openSinks();
    noteTightened(tightened, io.stderr);
    return await repeat(args, runner, io);
  } finally {
    await runner.close();
    await state.close();
  }
}

/** One cycle, or one every `--interval` until a signal or a 401/403. */
async function repeat(args: WatchArgs, runner: StoreRunner, io: CommandIo): Promise<ExitCodeValue> {
  for (;;) {
    const report = await runCycle(runner, await runner.listClusters(io.signal), {
      signal: io.signal,
      onReport: (cluster) => {
        if (!args.quiet || cluster.outcome === 'incomplete')
          io.stderr.write(`${describeCluster(cluster)}\n`);
      },
    });
    const delivery = describeDelivery(report.delivery);
    if (delivery !== null && (!args.quiet || report.delivery.error))
      io.stderr.write(`${delivery}\n`);
    if (io.signal.aborted) return ExitCode.interrupted;
    const code = cycleExitCode(report);
    if (args.intervalMs === null || runner.refused !== null) return code;
    await sleep(args.intervalMs, undefined, { signal: io.signal });
  }
}

/** The store's client from the API flags; every wait of seconds or more is said on stderr. */
function storeClient(args: WatchArgs, io: CommandIo) {
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
  return { client, alias: api.alias, ...(pageSize === undefined ? {} : { pageSize }) };
}
