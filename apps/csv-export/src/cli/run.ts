import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { createDookiClient } from '@clusterstream/core';
import { ColumnSpecError, parseColumnSpec, unknownColumnPaths } from '../columns/column-spec.js';
import { exportClusterCsv, type ExportSummary } from '../export-cluster-csv.js';
import type { OutputTarget } from '../output/destination.js';
import { createProgressReporter } from '../progress.js';
import { parseCommand, type ExportCommand } from './args.js';
import { clientOptions } from './client-options.js';
import { audienceSummaryLines } from './audience-summary.js';
import { EXIT_CODES } from './exit-codes.js';
import { HELP_TEXT } from './help.js';
import { reportFailure } from './report-failure.js';
import { printWarnings, UsageError } from '@clusterstream/cli-kit';

/** The process surroundings `run` uses, so tests can run the CLI in-process. */
export interface RunIo {
  env: NodeJS.ProcessEnv;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  /** Aborted on Ctrl-C: cancels the in-flight request, discards the file, exit code 130. */
  signal?: AbortSignal;
  /** Base for a relative `--out`. Default `process.cwd()`. */
  cwd?: string;
}

const version = (): string =>
  (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;

const outputTarget = (command: ExportCommand, io: RunIo): OutputTarget => {
  if (command.out === '-' || (command.out === undefined && io.stdout.isTTY !== true))
    return { stream: io.stdout };
  if (command.out === undefined) {
    throw new UsageError('stdout is a terminal: pass --out <file>, or pipe the output');
  }
  return { file: resolve(io.cwd ?? process.cwd(), command.out) };
};

const summaryLine = (summary: ExportSummary): string => {
  const clusters = summary.clusters.map(({ clusterId }) => clusterId);
  const from = clusters.length === 1 ? `cluster ${clusters[0]}` : `${clusters.length} clusters`;
  const output = summary.output === '-' ? 'stdout' : summary.output;
  const seconds = (summary.durationMs / 1000).toFixed(1);
  return `dooki-csv: ${summary.rows} rows from ${from} → ${output} (${summary.pages} pages, ${summary.requests} requests, ${summary.retries} retries, ${seconds}s)\n`;
};

const runExport = async (command: ExportCommand, io: RunIo): Promise<number> => {
  let columns;
  try {
    columns = command.columns === undefined ? undefined : parseColumnSpec(command.columns, command);
  } catch (error) {
    if (error instanceof ColumnSpecError) throw new UsageError(`--columns: ${error.message}`);
    throw error;
  }
  const warnings = [...command.warnings];
  for (const path of unknownColumnPaths(columns ?? [])) {
    warnings.push(
      `column "${path}" is not a documented customer field; it will be empty where absent`,
    );
  }
  printWarnings('dooki-csv', warnings, io.stderr);
  const output = outputTarget(command, io);
  const progress = createProgressReporter(io.stderr, command.progress);
  const client = createDookiClient(clientOptions(command.api, (event) => progress.onEvent(event)));
  try {
    const summary = await exportClusterCsv({
      client,
      clusters: command.clusters,
      output,
      ...(columns === undefined ? {} : { columns }),
      format: command.format,
      gzip: command.gzip,
      ...(command.limit === undefined ? {} : { limit: command.limit }),
      allowIncomplete: command.allowIncomplete,
      ...(command.api.pageSize === undefined ? {} : { pageSize: command.api.pageSize }),
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      onProgress: (state) => progress.onProgress(state),
      ...(command.audience && { audience: command.audience }),
    });
    progress.stop();
    if (!command.quiet) io.stderr.write(summaryLine(summary));
    // Kept with --allow-incomplete: say what is missing or moved, even with --quiet.
    for (const { clusterId, verdict } of summary.clusters) {
      for (const reason of verdict.reasons) {
        io.stderr.write(`dooki-csv: warning: cluster ${clusterId}: ${reason}\n`);
      }
    }
    if (!command.quiet && command.audience)
      io.stderr.write(audienceSummaryLines(command.audience, summary));
    return EXIT_CODES.ok;
  } finally {
    progress.stop();
  }
};

/**
 * Runs `dooki-csv` with the given arguments and returns its exit code; never
 * calls `process.exit`. `bin.js` wires it to the real process; tests call it
 * directly with their own streams.
 *
 * @example
 * const code = await run(['--alias', 'demo-store', '--cluster', '1', '--out', 'vip.csv'], {
 *   env: process.env, stdout: process.stdout, stderr: process.stderr,
 * });
 */
export const run = async (argv: readonly string[], io: RunIo): Promise<number> => {
  try {
    const command = parseCommand(argv, io.env);
    if (command.kind === 'help') {
      io.stdout.write(HELP_TEXT);
      return EXIT_CODES.ok;
    }
    if (command.kind === 'version') {
      io.stdout.write(`${version()}\n`);
      return EXIT_CODES.ok;
    }
    return await runExport(command, io);
  } catch (error) {
    return reportFailure(error, io.stderr, io.signal);
  }
};
