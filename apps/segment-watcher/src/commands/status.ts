import { existsSync } from 'node:fs';
import { ExitCode, type ExitCodeValue, UsageError } from '../cli/exit-codes.js';
import { noteTightened } from '../cli/open-sinks.js';
import { printWarnings, secretFlagWarning } from '@clusterstream/cli-kit';
import { hasPassword, parseFlags } from '../cli/sink-args.js';
import { isPostgresUrl } from '../state/database-url.js';
import { openBackend } from '../state/open-backend.js';
import { type TightenedFile } from '../state/private-file.js';
import { type StatusReport } from '../state/status-report.js';
import { type CommandIo } from './watch.js';

export type { ClusterStatus, StatusReport } from '../state/status-report.js';

/** `dooki-watch status [--state file|postgres://…] [--json]`. */
export async function runStatus(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const values = parseFlags(argv, {
    state: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (values.state !== undefined && isPostgresUrl(values.state) && hasPassword(values.state)) {
    printWarnings(
      'dooki-watch',
      [secretFlagWarning('state', 'DOOKI_WATCH_DATABASE_URL')],
      io.stderr,
    );
  }
  const location = values.state ?? io.env.DOOKI_WATCH_DATABASE_URL ?? './dooki-watch.db';
  if (!isPostgresUrl(location) && !existsSync(location))
    throw new UsageError(`no state file at ${location} (run a scan first, or pass --state)`);
  const tightened: TightenedFile[] = [];
  const state = await openBackend(location, { onTightened: (file) => tightened.push(file) });
  noteTightened(tightened, io.stderr);
  try {
    const report = await state.status();
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
    return ExitCode.ok;
  } finally {
    await state.close();
  }
}

function formatStatus(report: StatusReport): string {
  const lines = report.clusters.map((c) => {
    const last = c.lastScan
      ? `last scan #${c.lastScan.scan} ${c.lastScan.outcome} at ${c.lastScan.finishedAt}${c.lastScan.detail ? ` (${c.lastScan.detail})` : ''}`
      : 'never scanned';
    return `${c.alias} cluster ${c.clusterId}: ${c.members} members; ${last}; ${c.absentUnconfirmed} absent (unconfirmed); ${c.held} held`;
  });
  if (lines.length === 0) lines.push('no clusters watched yet');
  lines.push(`pending deliveries: ${report.pendingDeliveries}`);
  for (const sink of report.disabledSinks) lines.push(`disabled: ${sink.name} (${sink.reason})`);
  return `${lines.join('\n')}\n`;
}
