import {
  judgeScan,
  pullConcatMap,
  type Customer,
  type DookiClient,
  type Page,
  type ScanSummary,
} from '@clusterstream/core';
import { type MemberSnapshot, type ScanObservation } from '@clusterstream/core/membership';
import { EMPTY, lastValueFrom, type ObservableInput } from 'rxjs';
import { type ScanRecord } from '../state/commit-plan.js';
import { type StagedMember } from '../state/types.js';
import { ScanCollector } from './scan-collector.js';

export interface ScanClusterOptions {
  client: DookiClient;
  clusterId: number;
  previous: MemberSnapshot;
  payloadFields: readonly string[];
  hashFields: readonly string[];
  /**
   * Stages new or changed members in the state store. Staging is the scan's projection: the next
   * page is pulled only once it returned (or its promise settled), so the scan runs at most
   * core's read-ahead (`prefetch`, 1 page) ahead of the store.
   */
  stage: (rows: StagedMember[]) => void | PromiseLike<void>;
  /** Rows per `stage` call. Default 5000. */
  stageBatch?: number;
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
  // The live summary of the last page, replaced by the final one when the scan ends. Read from
  // `onSummary` too, since a scan that fails before its first page delivers no page.
  const latest: { summary: ScanSummary | null } = { summary: null };
  const pages = options.client.clusterCustomerPages(options.clusterId, {
    pageSize: options.pageSize ?? 100,
    skipCache: true,
    onSummary: (summary) => {
      latest.summary = summary;
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // Collecting and staging a page is the projection: pullConcatMap asks core for the next page
  // only when it completed, so a slow store slows the scan instead of filling a buffer.
  const collectPage = (page: Page<Customer>): ObservableInput<void> => {
    latest.summary = page.scan;
    const { items, meta } = page;
    const staging = collector.add({ items, count: meta.count, perPage: meta.perPage });
    return staging ?? EMPTY;
  };
  let error: unknown;
  try {
    await lastValueFrom(pages.pipe(pullConcatMap(collectPage)), { defaultValue: undefined });
    await collector.flush();
  } catch (caught) {
    error = caught;
  }
  const summary = latest.summary;
  const record: ScanRecord = {
    startedAt,
    finishedAt: new Date(),
    pages: summary?.pages ?? 0,
    requests: summary?.requests ?? 0,
    uniqueItems: summary?.uniqueItems ?? 0,
    total: summary?.lastTotal ?? null,
  };
  const incomplete = (reason: string): ScanResult => {
    record.detail = reason;
    return { complete: false, reason, error, record, summary, collectMs: collector.busyMs };
  };
  if (error !== undefined) return incomplete(`scan failed: ${describeError(error)}`);
  // Core reports the end of every scan it started; without a summary nothing can be trusted.
  if (summary === null) return incomplete('the scan ended without a summary');
  const verdict = judgeScan(summary, { totalTolerance: options.totalTolerance ?? 0 });
  if (!verdict.complete) return incomplete(verdict.reasons.join('; '));
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
