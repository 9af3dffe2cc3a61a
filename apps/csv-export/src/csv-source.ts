import { Readable } from 'node:stream';
import {
  judgeScan,
  type Customer,
  type DookiClient,
  type ScanSummary,
  type ScanVerdict,
} from '@clusterstream/core';
import type { RowMapper } from './columns/row-mapper.js';
import type { Cell } from './format/cell.js';
import type { CsvPageEncoder } from './format/csv-page-encoder.js';
import { IncompleteScanError } from './export-error.js';

/** A live view of an export, for progress displays. */
export interface ExportProgress {
  clusterId: number;
  clusterIndex: number;
  clusterCount: number;
  /** Rows written so far, all clusters. */
  rows: number;
  /** Rows of finished clusters plus the current cluster's reported total (capped by the limit). */
  expectedRows: number | null;
  /** Pages received so far, all clusters. */
  pages: number;
  /** Distinct customers read of the current cluster, and the totals the API reported. */
  seen: number;
  firstTotal: number | null;
  lastTotal: number | null;
}

/** One cluster's part of an export summary. */
export interface ClusterExportSummary {
  clusterId: number;
  rows: number;
  scan: ScanSummary;
  /** Core's verdict: whether the rows are the whole cluster, and why not. */
  verdict: ScanVerdict;
}

/** Bookkeeping shared by the row source and the exporter's error handling. */
export interface ExportState {
  rows: number;
  clusterId: number | undefined;
  scan: { readonly summary: ScanSummary } | undefined;
  done: ClusterExportSummary[];
}

export interface CsvSourceOptions {
  client: Pick<DookiClient, 'iterateClusterCustomerPages'>;
  clusterIds: readonly number[];
  mapper: RowMapper;
  encoder: CsvPageEncoder;
  state: ExportState;
  limit?: number | undefined;
  /** Keep the rows of a scan that is not complete and consistent instead of failing. */
  allowIncomplete?: boolean | undefined;
  pageSize?: number | undefined;
  prefetch?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ExportProgress) => void) | undefined;
}

async function* pagesOfRows(
  options: CsvSourceOptions,
  signal: AbortSignal,
): AsyncGenerator<Cell[][]> {
  const { clusterIds, mapper, state, limit } = options;
  for (const [clusterIndex, clusterId] of clusterIds.entries()) {
    const remaining = limit === undefined ? undefined : limit - state.rows;
    if (remaining !== undefined && remaining <= 0) break;
    const scan = options.client.iterateClusterCustomerPages(clusterId, {
      pageSize: options.pageSize ?? 100,
      prefetch: options.prefetch ?? 1,
      maxItems: remaining,
      signal,
    });
    Object.assign(state, { clusterId, scan });
    const before = state.rows;
    const report = (): void => {
      const total = scan.summary.lastTotal ?? scan.summary.firstTotal;
      options.onProgress?.({
        clusterId,
        clusterIndex,
        clusterCount: clusterIds.length,
        rows: state.rows,
        expectedRows: total === null ? null : before + Math.min(total, remaining ?? total),
        pages: state.done.reduce((sum, done) => sum + done.scan.pages, 0) + scan.summary.pages,
        seen: scan.summary.uniqueItems,
        firstTotal: scan.summary.firstTotal,
        lastTotal: scan.summary.lastTotal,
      });
    };
    report();
    for await (const page of scan) {
      const customers: readonly Customer[] = page.items;
      const rows = customers.map((customer) => mapper.toRow(customer, clusterId));
      state.rows += rows.length;
      report();
      yield rows;
    }
    const { summary } = scan;
    const verdict = judgeScan(summary);
    // Rows that are not the whole cluster, or not one moment of it, are refused by default:
    // a short audience or mailing list that looks complete costs more than no file.
    if (!(verdict.complete && verdict.consistent) && options.allowIncomplete !== true) {
      throw new IncompleteScanError(clusterId, verdict);
    }
    state.done.push({ clusterId, rows: state.rows - before, scan: summary, verdict });
  }
  Object.assign(state, { clusterId: undefined, scan: undefined });
}

/**
 * The clusters' customers as CSV text: a byte Readable that encodes one API page
 * per chunk. It pulls the next page only when the destination wants more, so
 * never more than a page is waiting beyond what the destination has accepted.
 */
export const createCsvSource = (options: CsvSourceOptions): Readable => {
  // Destroying the source (the destination failed, `| head` went away) must also cancel
  // a request in flight: the generator's return() alone would wait for it to finish.
  const cancel = new AbortController();
  const signal =
    options.signal === undefined ? cancel.signal : AbortSignal.any([options.signal, cancel.signal]);
  const pages = pagesOfRows(options, signal);
  const { encoder } = options;
  const source: Readable = new Readable({
    read() {
      pages.next().then(
        ({ done, value }) => {
          const text = done ? encoder.finish() : encoder.encode(value);
          if (text !== '') source.push(text);
          if (done) source.push(null);
          else if (text === '') source._read(0); // a page with nothing new: fetch on
        },
        (error: unknown) => source.destroy(error as Error),
      );
    },
    destroy(error, callback) {
      cancel.abort();
      pages.return(undefined).then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
  return source;
};
