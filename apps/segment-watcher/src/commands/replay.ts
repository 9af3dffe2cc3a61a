import { existsSync } from 'node:fs';
import { ExitCode, type ExitCodeValue, UsageError } from '../cli/exit-codes.js';
import { noteTightened, openCliState, sinkSpecs } from '../cli/open-sinks.js';
import { closeSinks, openSinks } from '../sinks/open-sinks.js';
import { type TightenedFile } from '../state/private-file.js';
import { parseSince } from '../cli/parse-values.js';
import { printWarnings } from '@clusterstream/cli-kit';
import { COMMON_FLAGS, parseFlags, parseSinkArgs } from '../cli/sink-args.js';
import { isPostgresUrl } from '../state/database-url.js';
import { type CommandIo } from './watch.js';

/**
 * `dooki-watch replay --since <time>`: sends every stored event detected since then again, with
 * its original id, to the chosen sinks. Delivery marks are left alone.
 */
export async function runReplay(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const values = parseFlags(argv, { ...COMMON_FLAGS, since: { type: 'string' } });
  if (typeof values.since !== 'string')
    throw new UsageError('replay needs --since <ISO time or duration>');
  const since = parseSince(values.since);
  const args = parseSinkArgs(values, io.env);
  printWarnings('dooki-watch', args.warnings, io.stderr);
  if (!isPostgresUrl(args.statePath) && !existsSync(args.statePath))
    throw new UsageError(`no state file at ${args.statePath}`);
  const tightened: TightenedFile[] = [];
  const state = await openCliState(args, tightened);
  const { outbox } = state;
  const sinks = await openSinks(sinkSpecs(args), {
    outbox,
    stdout: io.stdout,
    signal: io.signal,
    onTightened: (file) => tightened.push(file),
  }).catch(async (error: unknown) => {
    await state.close();
    throw error;
  });
  noteTightened(tightened, io.stderr);
  try {
    let sent = 0;
    for (let after = 0; ;) {
      const batch = await outbox.since(since, 500, after);
      if (batch.length === 0) break;
      for (const sink of sinks) {
        const result = await sink.deliver(batch);
        if (result.acknowledged < batch.length) {
          io.stderr.write(
            `replay stopped after ${sent} events: ${result.error?.message ?? 'not acknowledged'}\n`,
          );
          return ExitCode.deliveryFailed;
        }
      }
      sent += batch.length;
      after = batch[batch.length - 1]!.seq;
    }
    if (!args.quiet)
      io.stderr.write(`replayed ${sent} events detected since ${since.toISOString()}\n`);
    return ExitCode.ok;
  } finally {
    await closeSinks(sinks);
    await state.close();
  }
}
