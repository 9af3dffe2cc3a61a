import type { PaginationMeta } from '../parse/parse-meta.js';

/** How a scan ended; `running` until it does. */
export type ScanEnd = 'last-page' | 'empty-page' | 'max-items' | 'cancelled' | 'error' | 'running';

/**
 * Facts about one scan. `complete` is true only when every page succeeded and the loop
 * ended on evidence; whether it saw the whole cluster is `judgeScan`'s verdict.
 */
export interface ScanSummary {
  complete: boolean;
  endedBy: ScanEnd;
  /** Pages received and parsed. */
  pages: number;
  /** HTTP requests sent, retries included. */
  requests: number;
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Items dropped because their id had already been seen in this scan. */
  duplicatesDropped: number;
  /** `meta.pagination.total` of the first and of the latest page. */
  firstTotal: number | null;
  lastTotal: number | null;
  /** Smallest and largest `total` any page reported: they differ when membership moved. */
  minTotal: number | null;
  maxTotal: number | null;
  /** Distinct ids seen. */
  uniqueItems: number;
  /** Items handed downstream (after de-duplication and `maxItems`). */
  itemsEmitted: number;
  startedAt: number;
  finishedAt: number | null;
}

/** A summary for a scan that has not started. */
export function emptySummary(): ScanSummary {
  return {
    complete: false,
    endedBy: 'running',
    pages: 0,
    requests: 0,
    retries: 0,
    rateLimited: 0,
    duplicatesDropped: 0,
    firstTotal: null,
    lastTotal: null,
    minTotal: null,
    maxTotal: null,
    uniqueItems: 0,
    itemsEmitted: 0,
    startedAt: Date.now(),
    finishedAt: null,
  };
}

/** Keeps a live summary and reports it exactly once when the scan ends. */
export class ScanTracker {
  readonly summary: ScanSummary = emptySummary();

  constructor(private readonly onSummary?: (summary: ScanSummary) => void) {}

  get finished(): boolean {
    return this.summary.finishedAt !== null;
  }

  recordPage(meta: PaginationMeta, emitted: number, dropped: number, unique: number): void {
    this.summary.pages += 1;
    this.summary.firstTotal ??= meta.total;
    this.summary.lastTotal = meta.total;
    this.summary.minTotal = Math.min(this.summary.minTotal ?? meta.total, meta.total);
    this.summary.maxTotal = Math.max(this.summary.maxTotal ?? meta.total, meta.total);
    this.summary.itemsEmitted += emitted;
    this.summary.duplicatesDropped += dropped;
    this.summary.uniqueItems = unique;
  }

  finish(endedBy: Exclude<ScanEnd, 'running'>): void {
    if (this.finished) return;
    this.summary.endedBy = endedBy;
    this.summary.complete = endedBy === 'last-page' || endedBy === 'empty-page';
    this.summary.finishedAt = Date.now();
    try {
      this.onSummary?.({ ...this.summary });
    } catch {
      // A failing summary callback must not turn a finished scan into a failed one.
    }
  }
}
