import { type DookiClient } from '@clusterstream/core';
import {
  diffMembership,
  type BreakerReason,
  type TruthRules,
} from '@clusterstream/core/membership';
import { scanCluster, type ScanResult } from '../scan/scan-cluster.js';
import { type StateBackend } from '../state/backend.js';
import {
  StaleSnapshotError,
  type CommitResult,
  type EmittedCounts,
  type ScanOutcome,
} from '../state/commit-plan.js';
import { ClusterBusyError } from '../state/leases.js';
import { type ClusterRow } from '../state/types.js';

/** Everything one watch cycle needs besides the cluster id. */
export interface WatchSettings {
  client: DookiClient;
  alias: string;
  state: StateBackend;
  rules: TruthRules;
  /** Emit `customer.joined` for every member found by the first scan. Default false (silent). */
  emitInitial: boolean;
  payloadFields: readonly string[];
  /** Fields whose change emits `customer.updated`; null = no update events. */
  updateFields: readonly string[] | null;
  totalTolerance: number;
  pageSize?: number;
  signal?: AbortSignal;
  /**
   * Take the cluster's lease row before scanning (default true): the exclusion between
   * `dooki-watch` processes sharing one state. False where a scheduler already guarantees one
   * scanner per store (the fleet's job engine).
   */
  useLease?: boolean;
}

/** What happened to one cluster in one cycle, for reports and exit codes. */
export interface ClusterReport {
  clusterId: number;
  scanNo: number;
  outcome: ScanOutcome;
  /** Why the scan was incomplete. */
  reason?: string;
  error?: unknown;
  events: number;
  /** Events written to the outbox by type (a silent baseline writes no joins). */
  emitted: EmittedCounts;
  joins: number;
  leaves: number;
  updates: number;
  pending: number;
  held: number;
  breaker: BreakerReason | null;
  pages: number;
  requests: number;
  /**
   * Where the time went, in ms: loading the snapshot, the API scan (which includes `collectMs`,
   * the watcher's own hashing and staging of pages), the diff, the commit.
   */
  durations: {
    loadMs: number;
    scanMs: number;
    collectMs: number;
    diffMs: number;
    commitMs: number;
  };
}

/**
 * Scans one cluster, applies the truth rules and commits snapshot + events atomically. An
 * incomplete scan changes nothing but the scan history.
 */
export async function scanAndCommit(
  settings: WatchSettings,
  clusterId: number,
): Promise<ClusterReport> {
  const { state } = settings;
  const cluster = await state.cluster(settings.alias, clusterId);
  if (settings.useLease === false) return scanLeased(settings, cluster);
  const holder = await state.tryLease(cluster.clusterKey);
  if (holder !== null) {
    // Nothing scanned, nothing recorded: the other process owns this cluster right now.
    const error = new ClusterBusyError(`another dooki-watch (${holder}) is scanning this cluster`);
    const durations = { loadMs: 0, scanMs: 0, collectMs: 0, diffMs: 0, commitMs: 0 };
    const base = { clusterId, pages: 0, requests: 0, durations };
    return incompleteReport(base, cluster.lastScan, error.message, error);
  }
  try {
    return await scanLeased(settings, cluster);
  } finally {
    await state.releaseLease(cluster.clusterKey);
  }
}

async function scanLeased(settings: WatchSettings, cluster: ClusterRow): Promise<ClusterReport> {
  const { state } = settings;
  const { clusterId } = cluster;
  const started = performance.now();
  await state.clearStaged(cluster.clusterKey);
  const previous = await state.loadSnapshot(cluster.clusterKey);
  const loaded = performance.now();
  const hashFields = settings.updateFields ?? settings.payloadFields;
  // Staging is the scan's projection: the next page is pulled only once the backend has the
  // rows, so a slow database slows the requests instead of filling memory.
  const result: ScanResult = await scanCluster({
    client: settings.client,
    clusterId,
    previous,
    payloadFields: settings.payloadFields,
    hashFields,
    stage: (rows) => state.stage(cluster.clusterKey, rows),
    totalTolerance: settings.totalTolerance,
    ...(settings.pageSize ? { pageSize: settings.pageSize } : {}),
    ...(settings.signal ? { signal: settings.signal } : {}),
  });
  const scanned = performance.now();
  const durations = {
    loadMs: loaded - started,
    scanMs: scanned - loaded,
    collectMs: result.collectMs,
    diffMs: 0,
    commitMs: 0,
  };
  const base = {
    clusterId,
    pages: result.record.pages,
    requests: result.record.requests,
    durations,
  };
  const incomplete = async (reason: string, error: unknown): Promise<ClusterReport> => {
    const detail = { ...result.record, detail: reason };
    const scanNo = await state.recordIncompleteScan(cluster, detail);
    return incompleteReport(base, scanNo, reason, error);
  };
  if (!result.complete) return incomplete(result.reason, result.error);
  const diff = diffMembership(previous, result.observation, settings.rules);
  const diffed = performance.now();
  const baseline = cluster.baselineScan === null;
  if (diff.breaker.tripped) {
    result.record.detail = `breaker: ${diff.breaker.reason} (${diff.breaker.absent} of ${previous.ids.length} absent)`;
  }
  // Hashes over other fields than last time differ for everyone: refresh them silently once.
  const sameHashFields = cluster.hashFields === JSON.stringify(hashFields);
  const emitUpdates = settings.updateFields !== null && sameHashFields;
  let committed: CommitResult;
  try {
    committed = await state.commitScan({
      cluster,
      record: result.record,
      diff,
      stable: result.observation.stable,
      emitJoins: !baseline || settings.emitInitial,
      emitUpdates,
      hashFields,
    });
  } catch (error) {
    if (error instanceof StaleSnapshotError) return incomplete(error.message, error);
    throw error;
  }
  durations.diffMs = diffed - scanned;
  durations.commitMs = performance.now() - diffed;
  return {
    ...base,
    scanNo: committed.scanNo,
    outcome: committed.outcome,
    events: committed.events,
    emitted: committed.emitted,
    joins: diff.joins.length,
    leaves: diff.leaves.length,
    updates: emitUpdates && !baseline ? diff.hashChanged.length : 0,
    pending: diff.pending.length,
    held: diff.held.length,
    // An accepted mass change is no longer something to alert on.
    breaker: settings.rules.acceptMassChange ? null : diff.breaker.reason,
  };
}

type ReportBase = Pick<ClusterReport, 'clusterId' | 'pages' | 'requests' | 'durations'>;

/** The report of a scan that changed nothing (beyond, maybe, the scan history). */
function incompleteReport(
  base: ReportBase,
  scanNo: number,
  reason: string,
  error: unknown,
): ClusterReport {
  return {
    ...base,
    scanNo,
    outcome: 'incomplete',
    reason,
    error,
    events: 0,
    emitted: { joined: 0, left: 0, updated: 0 },
    joins: 0,
    leaves: 0,
    updates: 0,
    pending: 0,
    held: 0,
    breaker: null,
  };
}
