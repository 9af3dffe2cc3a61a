import { judgeScan, type DookiClient, type ScanSummary } from '@clusterstream/core';
import { type MemberSnapshot, type ScanObservation } from '@clusterstream/core/membership';
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
  const verdict = judgeScan(summary, { totalTolerance: options.totalTolerance ?? 0 });
  const reason =
    error !== undefined
      ? `scan failed: ${describeError(error)}`
      : verdict.complete
        ? null
        : verdict.reasons.join('; ');
  if (reason !== null) {
    record.detail = reason;
    return { complete: false, reason, error, record, summary, collectMs: collector.busyMs };
  }
  // Absences at page seams are trusted only when nothing moved while the scan ran.
  const stable = verdict.consistent;
  if (!stable) record.detail = `${verdict.reasons.join('; ')}; seam absences not counted`;
  const observation = collector.observation(stable);
  return { complete: true, observation, record, summary, collectMs: collector.busyMs };
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
