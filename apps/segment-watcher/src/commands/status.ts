import { existsSync } from 'node:fs';
import { ExitCode, type ExitCodeValue, UsageError } from '../cli/exit-codes.js';
import { noteTightened } from '../cli/open-sinks.js';
import { parseFlags } from '../cli/sink-args.js';
import { Outbox } from '../state/outbox.js';
import { type TightenedFile } from '../state/private-file.js';
import { openState, type StateStore } from '../state/state-store.js';
import { type CommandIo } from './watch.js';

/** Per-cluster facts shown by `dooki-watch status`. */
export interface ClusterStatus {
  alias: string;
  clusterId: number;
  members: number;
  lastScan: { scan: number; outcome: string; finishedAt: string; detail: string | null } | null;
  lastCompleteAt: string | null;
  absentUnconfirmed: number;
  held: number;
}

export interface StatusReport {
  clusters: ClusterStatus[];
  pendingDeliveries: number;
  disabledSinks: { name: string; reason: string }[];
}

/** Reads the state file without changing it. */
export function readStatus(state: StateStore): StatusReport {
  const { db } = state;
  const clusters = state.clusters().map((cluster): ClusterStatus => {
    const last = db
      .prepare(
        'SELECT scan_no, outcome, finished_at, detail, held FROM scans WHERE cluster_key = ? ORDER BY scan_no DESC LIMIT 1',
      )
      .get(cluster.clusterKey) as
      | {
          scan_no: number;
          outcome: string;
          finished_at: string;
          detail: string | null;
          held: number;
        }
      | undefined;
    const lastComplete = db
      .prepare(
        "SELECT finished_at, held FROM scans WHERE cluster_key = ? AND outcome != 'incomplete' ORDER BY scan_no DESC LIMIT 1",
      )
      .get(cluster.clusterKey) as { finished_at: string; held: number } | undefined;
    const absent = db
      .prepare('SELECT count(*) AS n FROM members WHERE cluster_key = ? AND missing_scans > 0')
      .get(cluster.clusterKey) as { n: number };
    return {
      alias: cluster.alias,
      clusterId: cluster.clusterId,
      members: cluster.memberCount,
      lastScan: last
        ? {
            scan: last.scan_no,
            outcome: last.outcome,
            finishedAt: last.finished_at,
            detail: last.detail,
          }
        : null,
      lastCompleteAt: lastComplete?.finished_at ?? null,
      absentUnconfirmed: absent.n - (lastComplete?.held ?? 0),
      held: lastComplete?.held ?? 0,
    };
  });
  const disabledSinks = db.prepare('SELECT name, reason FROM sinks ORDER BY name').all() as {
    name: string;
    reason: string;
  }[];
  return { clusters, pendingDeliveries: new Outbox(state).pendingCount(), disabledSinks };
}

/** `dooki-watch status [--state file] [--json]`. */
export function runStatus(argv: string[], io: CommandIo): ExitCodeValue {
  const values = parseFlags(argv, {
    state: { type: 'string', default: './dooki-watch.db' },
    json: { type: 'boolean', default: false },
  });
  const path = values.state as string;
  if (!existsSync(path))
    throw new UsageError(`no state file at ${path} (run a scan first, or pass --state)`);
  const tightened: TightenedFile[] = [];
  const state = openState(path, { onTightened: (file) => tightened.push(file) });
  noteTightened(tightened, io.stderr);
  try {
    const report = readStatus(state);
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
    return ExitCode.ok;
  } finally {
    state.close();
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
