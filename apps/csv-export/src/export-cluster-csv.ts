import { isSecretPath, type DookiClient, type ScanSummary } from '@clusterstream/core';
import { lastValueFrom, toArray } from 'rxjs';
import {
  ColumnSpecError,
  defaultColumns,
  parseColumnSpec,
  type ColumnSpec,
} from './columns/column-spec.js';
import { createRowMapper } from './columns/row-mapper.js';
import { formatPreset, type FormatName } from './format/presets.js';
import { createCsvPageEncoder } from './format/csv-page-encoder.js';
import { stringifyOptions } from './format/stringify-options.js';
import { ExportError } from './export-error.js';
import { openChunkWriter } from './output/chunk-writer.js';
import { openDestination, type OutputTarget } from './output/destination.js';
import {
  writeClusters,
  type ClusterExportSummary,
  type ExportProgress,
  type ExportState,
} from './write-clusters.js';
import { prepareAudienceExport, type AudienceExportOptions } from './audience/audience-export.js';
import type { AudienceStats } from './audience/audience-row-mapper.js';

export type { ClusterExportSummary, ExportProgress } from './write-clusters.js';

/** Options of {@link exportClusterCsv}. */
export interface ExportClusterCsvOptions {
  /** A client from `createDookiClient` (its retry, rate-limit and event settings apply). */
  client: Pick<DookiClient, 'clusterCustomerPages' | 'clusters'>;
  /** Cluster ids, or `'all'` for every cluster of the store. Several add a `cluster_id` column. */
  clusters: readonly number[] | 'all';
  /** `{ file }` is written atomically; `{ stream }` (e.g. stdout) is written to and left open. */
  output: OutputTarget;
  /** Column specs, or a `--columns` string. Default: the default set. */
  columns?: readonly ColumnSpec[] | string;
  /** Allow the secret fields `token` / `login_url` in a columns string. Default false. */
  includeSecrets?: boolean;
  /** Default `'rfc4180'`. */
  format?: FormatName;
  gzip?: boolean;
  /** Stop after this many rows in total. */
  limit?: number;
  /**
   * Write the file even when a scan is not complete and consistent (core's `judgeScan`);
   * each cluster's verdict is in the summary. Default false: such an export fails with an
   * `IncompleteScanError` and the target is left untouched.
   */
  allowIncomplete?: boolean;
  /** Customers per request, 1-100. Default 100. */
  pageSize?: number;
  /** Pages fetched ahead of the one being written (core's `prefetch`). Default 1. */
  prefetch?: number;
  signal?: AbortSignal;
  /** Called when an export starts a cluster and after every page. */
  onProgress?: (progress: ExportProgress) => void;
  /** Write an ad platform's customer file instead of `columns` (`--preset`). */
  audience?: AudienceExportOptions;
}

/** What {@link exportClusterCsv} did. */
export interface ExportSummary {
  rows: number;
  pages: number;
  requests: number;
  retries: number;
  rateLimited: number;
  durationMs: number;
  /** The file path, or `-` for a stream. */
  output: string;
  clusters: ClusterExportSummary[];
  /** The files written, in order (several when an audience export was split); none for a stream. */
  files: readonly string[];
  /** Identifier counts of an audience export. */
  audience?: AudienceStats;
  /** Remarks for the user (older split files beside the new ones). */
  warnings: readonly string[];
}

const resolveColumns = (options: ExportClusterCsvOptions): readonly ColumnSpec[] => {
  const includeSecrets = options.includeSecrets ?? false;
  if (typeof options.columns === 'string')
    return parseColumnSpec(options.columns, { includeSecrets });
  const columns = options.columns ?? defaultColumns();
  // Specs built by hand skip the parser: check them too.
  const secret = includeSecrets ? undefined : columns.find(({ path }) => isSecretPath(path));
  if (secret !== undefined) {
    throw new ColumnSpecError(`column "${secret.path}" is secret; set includeSecrets to export it`);
  }
  return columns;
};

/** The clusters to export, and the requests it took to list them (`'all'`). */
const listClusterIds = async (
  options: ExportClusterCsvOptions,
): Promise<{ ids: number[]; requests: number }> => {
  if (options.clusters !== 'all') return { ids: [...options.clusters], requests: 0 };
  let requests = 0;
  const clusters = await lastValueFrom(
    options.client
      .clusters({ signal: options.signal, onSummary: (summary) => (requests = summary.requests) })
      .pipe(toArray()), // a synchronous consumer: the list is pulled page by page
  );
  return { ids: clusters.map((cluster) => cluster.id), requests };
};

const sum = (state: ExportState, key: 'pages' | 'requests' | 'retries' | 'rateLimited'): number =>
  state.done.reduce((total, done) => total + done.scan[key], 0);

/**
 * Streams the customers of one or more clusters into CSV with end-to-end
 * backpressure: the API is read only as fast as the destination accepts rows.
 * A file target appears only when the export succeeded (temp file + rename);
 * on any failure it is left untouched and an {@link ExportError} is thrown.
 *
 * @example
 * const client = createDookiClient({ alias: 'demo-store', userToken, userSecretKey });
 * const summary = await exportClusterCsv({ client, clusters: [1], output: { file: 'vip.csv' }, format: 'excel-br' });
 * console.log(`${summary.rows} rows written to ${summary.output}`);
 */
export const exportClusterCsv = async (
  options: ExportClusterCsvOptions,
): Promise<ExportSummary> => {
  const startedAt = Date.now();
  const preset = formatPreset(options.format ?? 'rfc4180');
  const columns = resolveColumns(options);
  const audience = options.audience && prepareAudienceExport(options.audience, options);
  const state: ExportState = { rows: 0, clusterId: undefined, scan: undefined, done: [] };
  const label = 'file' in options.output ? options.output.file : '-';
  let destination;
  let listingRequests = 0;
  try {
    // The file first: a bad path should fail before any API request.
    destination = await openDestination(options.output, {
      gzip: options.gzip ?? false,
      rowsPerFile: audience?.rowsPerFile,
    });
    const listed = await listClusterIds(options);
    const clusterIds = listed.ids;
    listingRequests = listed.requests;
    const mapper =
      audience?.mapper ??
      createRowMapper(columns, preset, {
        clusterColumn: options.clusters === 'all' || clusterIds.length > 1,
      });
    await writeClusters({
      ...options,
      clusterIds,
      mapper,
      encoder: createCsvPageEncoder(stringifyOptions(preset, mapper)),
      writer: openChunkWriter(destination.stages, {
        end: destination.endsSink,
        signal: options.signal,
      }),
      state,
    });
    await destination.commit();
  } catch (error) {
    await destination?.discard();
    const page = state.clusterId === undefined ? undefined : failedPage(error, state.scan);
    throw new ExportError(error, {
      clusterId: state.clusterId,
      page,
      rowsWritten: state.rows,
      output: label,
    });
  }
  return {
    rows: state.rows,
    pages: sum(state, 'pages'),
    requests: listingRequests + sum(state, 'requests'),
    retries: sum(state, 'retries'),
    rateLimited: sum(state, 'rateLimited'),
    durationMs: Date.now() - startedAt,
    output: destination.label,
    clusters: state.done,
    files: destination.files,
    ...(audience && { audience: audience.mapper.stats }),
    warnings: destination.warnings,
  };
};

const failedPage = (error: unknown, scan: Readonly<ScanSummary> | undefined): number => {
  const page = (error as { page?: unknown } | null)?.page;
  return typeof page === 'number' ? page : (scan?.pages ?? 0) + 1;
};
