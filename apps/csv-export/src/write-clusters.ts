import {
  judgeScan,
  pullConcatMap,
  type Customer,
  type DookiClient,
  type Page,
  type ScanSummary,
  type ScanVerdict,
} from '@clusterstream/core';
import { lastValueFrom } from 'rxjs';
import type { RowMapper } from './columns/row-mapper.js';
import type { CsvPageEncoder } from './format/csv-page-encoder.js';
import type { ChunkWriter } from './output/chunk-writer.js';
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

/** Bookkeeping shared by the cluster writer and the exporter's error handling. */
export interface ExportState {
  rows: number;
  clusterId: number | undefined;
  /** The current cluster's live scan summary (`page.scan`), once its first page came. */
  scan: Readonly<ScanSummary> | undefined;
  done: ClusterExportSummary[];
}

export interface WriteClustersOptions {
  client: Pick<DookiClient, 'clusterCustomerPages'>;
  clusterIds: readonly number[];
  mapper: RowMapper;
  encoder: CsvPageEncoder;
  writer: ChunkWriter;
  state: ExportState;
  limit?: number | undefined;
  /** Keep the rows of a scan that is not complete and consistent instead of failing. */
  allowIncomplete?: boolean | undefined;
  pageSize?: number | undefined;
  prefetch?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ExportProgress) => void) | undefined;
}

const pagesDone = (state: ExportState): number =>
  state.done.reduce((sum, done) => sum + done.scan.pages, 0);

/**
 * Writes one cluster's pages as CSV. Each page goes through `pullConcatMap` straight off
 * the client's Observable, and its projection is the write: it completes only once the
 * destination accepted the page, and only then is the next page pulled. A slow destination
 * therefore slows the requests (at most `prefetch` pages are requested ahead of the one
 * being written), and a failed destination aborts the request in flight.
 */
const writeCluster = async (
  options: WriteClustersOptions,
  clusterId: number,
  clusterIndex: number,
  maxItems: number | undefined,
): Promise<ScanSummary> => {
  const { mapper, encoder, writer, state } = options;
  const before = state.rows;
  const report = (scan: Readonly<ScanSummary> | undefined): void => {
    const total = scan?.lastTotal ?? scan?.firstTotal ?? null;
    options.onProgress?.({
      clusterId,
      clusterIndex,
      clusterCount: options.clusterIds.length,
      rows: state.rows,
      expectedRows: total === null ? null : before + Math.min(total, maxItems ?? total),
      pages: pagesDone(state) + (scan?.pages ?? 0),
      seen: scan?.uniqueItems ?? 0,
      firstTotal: scan?.firstTotal ?? null,
      lastTotal: scan?.lastTotal ?? null,
    });
  };
  const writePage = async (page: Page<Customer>): Promise<void> => {
    state.scan = page.scan;
    const rows = page.items.map((customer) => mapper.toRow(customer, clusterId));
    state.rows += rows.length;
    report(page.scan);
    const text = encoder.encode(rows);
    if (text !== '') await writer.write(text); // an empty page with the header already out
  };

  Object.assign(state, { clusterId, scan: undefined });
  report(undefined);
  let final: ScanSummary | undefined;
  // The destination's failure aborts the scan too, so a request in flight is not awaited.
  const signals = [writer.failed, ...(options.signal === undefined ? [] : [options.signal])];
  const pages = options.client.clusterCustomerPages(clusterId, {
    pageSize: options.pageSize ?? 100,
    prefetch: options.prefetch ?? 1,
    maxItems,
    signal: AbortSignal.any(signals),
    onSummary: (summary) => (final = summary), // called before the Observable completes
  });
  await lastValueFrom(pages.pipe(pullConcatMap(writePage)), { defaultValue: undefined });
  if (final === undefined) throw new Error(`the scan of cluster ${clusterId} left no summary`);
  return final;
};

/**
 * Writes the customers of `clusterIds`, one cluster after the other, into `writer`, then
 * the header if no page came. Every cluster must pass core's `judgeScan` (whole and at one
 * moment) unless `allowIncomplete`; its summary and verdict go to `state.done`.
 */
export const writeClusters = async (options: WriteClustersOptions): Promise<void> => {
  const { state, limit, writer } = options;
  try {
    for (const [clusterIndex, clusterId] of options.clusterIds.entries()) {
      const remaining = limit === undefined ? undefined : limit - state.rows;
      if (remaining !== undefined && remaining <= 0) break;
      const before = state.rows;
      const summary = await writeCluster(options, clusterId, clusterIndex, remaining);
      const verdict = judgeScan(summary);
      // Rows that are not the whole cluster, or not one moment of it, are refused by default:
      // a short audience or mailing list that looks complete costs more than no file.
      if (!(verdict.complete && verdict.consistent) && options.allowIncomplete !== true) {
        throw new IncompleteScanError(clusterId, verdict);
      }
      state.done.push({ clusterId, rows: state.rows - before, scan: summary, verdict });
    }
    Object.assign(state, { clusterId: undefined, scan: undefined });
    const rest = options.encoder.finish();
    if (rest !== '') await writer.write(rest);
    await writer.end();
  } catch (error) {
    writer.release();
    // The scan aborted because the destination failed: that failure is the story.
    throw writer.failed.aborted ? writer.failed.reason : error;
  }
};
