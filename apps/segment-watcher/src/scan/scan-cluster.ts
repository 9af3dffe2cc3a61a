import { type DookiClient, type ScanSummary } from '@clusterstream/core';
import { type MemberSnapshot, type ScanObservation } from '../diff/diff-membership.js';
import { type ScanRecord } from '../state/commit-scan.js';
import { type StagedMember } from '../state/state-store.js';
import { ScanCollector } from './scan-collector.js';

export interface ScanClusterOptions {
  client: DookiClient;
  clusterId: number;
  previous: MemberSnapshot;
  payloadFields: readonly string[];
  hashFields: readonly string[];
  stage: (rows: StagedMember[]) => void;
  /** Allowed |unique ids − last `total`| for a complete scan. Default 0. */
  totalTolerance?: number;
  pageSize?: number;
  signal?: AbortSignal;
}

/** A finished scan: complete (with its observation) or not (with the reason). */
export type ScanResult = (
  | { complete: true; observation: ScanObservation; record: ScanRecord; summary: ScanSummary }
  | {
      complete: false;
      reason: string;
      error?: unknown;
      record: ScanRecord;
      summary: ScanSummary | null;
    }
) & {
  /** Time the watcher itself spent on the pages (hashing, collecting, staging), in ms. */
  collectMs: number;
};

/**
 * Reads every page of a cluster through core (one page loop, cache bypassed) and decides whether
 * the result may be trusted: core says the loop ended on evidence with every page fetched, and
 * the unique ids match the last `total` the server reported.
 *
 * @example
 * const result = await scanCluster({ client, clusterId: 1, previous, payloadFields: ['name'],
 *   hashFields: ['name'], stage: (rows) => state.stage(key, rows) });
 * if (result.complete) diffMembership(previous, result.observation, rules);
 */
export async function scanCluster(options: ScanClusterOptions): Promise<ScanResult> {
  const startedAt = new Date();
  const collector = new ScanCollector(options);
  const pages = options.client.iterateClusterCustomerPages(options.clusterId, {
    pageSize: options.pageSize ?? 100,
    skipCache: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let error: unknown;
  try {
    for await (const page of pages) {
      collector.add({
        items: page.items,
        total: page.meta.total,
        count: page.meta.count,
        perPage: page.meta.perPage,
      });
    }
    collector.flush();
  } catch (caught) {
    error = caught;
  }
  const summary = pages.summary;
  const record: ScanRecord = {
    startedAt,
    finishedAt: new Date(),
    pages: summary.pages,
    requests: summary.requests,
    uniqueItems: summary.uniqueItems,
    total: summary.lastTotal,
  };
  const reason = incompleteReason(summary, error, options.totalTolerance ?? 0);
  if (reason !== null) {
    record.detail = reason;
    return { complete: false, reason, error, record, summary, collectMs: collector.busyMs };
  }
  const stable = collector.totalsAgree && summary.duplicatesDropped === 0;
  if (!stable) record.detail = 'membership moved during the scan; seam absences not counted';
  const observation = collector.observation(stable);
  return { complete: true, observation, record, summary, collectMs: collector.busyMs };
}

/** Null when the scan can be trusted, else a one-line reason for the report. */
export function incompleteReason(
  summary: ScanSummary,
  error: unknown,
  tolerance: number,
): string | null {
  if (error !== undefined) return `scan failed: ${describeError(error)}`;
  if (!summary.complete) return `scan ended by ${summary.endedBy}, not on evidence`;
  if (summary.lastTotal === null) return 'the server never reported a total';
  const gap = Math.abs(summary.uniqueItems - summary.lastTotal);
  if (gap > tolerance) {
    return `saw ${summary.uniqueItems} unique customers but the server reported ${summary.lastTotal}`;
  }
  return null;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
