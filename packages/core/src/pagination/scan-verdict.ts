import type { ScanSummary } from './scan-summary.js';

/** Whether a scan can be trusted to be the whole cluster, and why not. */
export interface ScanVerdict {
  /**
   * The scan read every member the server reports: the loop ended on evidence (last or
   * empty page) and the distinct ids equal the last `total` (± `totalTolerance`). A scan
   * that stopped at `maxItems` is complete for what was asked (`limited` says so).
   */
  complete: boolean;
  /** The scan stopped because `maxItems` was reached. */
  limited: boolean;
  /** The server's `total` never changed across pages and no id came twice. */
  consistent: boolean;
  /** Distinct ids read. */
  seen: number;
  firstTotal: number | null;
  lastTotal: number | null;
  minTotal: number | null;
  maxTotal: number | null;
  duplicates: number;
  /** One line per problem, for people; empty when complete and consistent. */
  reasons: string[];
}

export interface JudgeScanOptions {
  /** Allowed |distinct ids − last `total`| for a complete scan. Default 0. */
  totalTolerance?: number;
}

/**
 * THE verdict on a finished scan, shared by every consumer: the exporter refuses what is
 * not complete and consistent, the watcher diffs only complete scans and counts absences
 * only on consistent ones, the n8n node fails an incomplete "return all".
 *
 * @example
 * ```ts
 * const pages = client.iterateClusterCustomerPages(7);
 * for await (const page of pages) save(page.items);
 * const verdict = judgeScan(pages.summary);
 * if (!verdict.complete) throw new Error(verdict.reasons.join('; '));
 * ```
 */
export function judgeScan(summary: ScanSummary, options: JudgeScanOptions = {}): ScanVerdict {
  const tolerance = options.totalTolerance ?? 0;
  const { uniqueItems: seen, lastTotal, minTotal, maxTotal } = summary;
  const reasons: string[] = [];
  const limited = summary.endedBy === 'max-items';
  const onEvidence = summary.endedBy === 'last-page' || summary.endedBy === 'empty-page';
  let complete = limited || onEvidence;
  if (!complete) {
    reasons.push(
      summary.endedBy === 'running'
        ? 'the scan has not finished'
        : `the scan ended (${summary.endedBy}) before the last page`,
    );
  } else if (!limited && lastTotal === null) {
    complete = false;
    reasons.push('the server never reported a total');
  } else if (!limited && lastTotal !== null && Math.abs(seen - lastTotal) > tolerance) {
    complete = false;
    reasons.push(`read ${seen} distinct customers but the server reported a total of ${lastTotal}`);
  }
  const drifted = minTotal !== null && maxTotal !== null && minTotal !== maxTotal;
  if (drifted) {
    reasons.push(
      `the total changed during the scan (${summary.firstTotal} → ${lastTotal}, between ${minTotal} and ${maxTotal}): members joined or left while it ran`,
    );
  }
  const duplicates = summary.duplicatesDropped;
  if (duplicates > 0) {
    reasons.push(`${duplicates} customers came twice (pages shifted while reading)`);
  }
  return {
    complete,
    limited,
    consistent: !drifted && duplicates === 0,
    seen,
    firstTotal: summary.firstTotal,
    lastTotal,
    minTotal,
    maxTotal,
    duplicates,
    reasons,
  };
}
