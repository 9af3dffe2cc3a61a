import { isDookiError, type ScanVerdict } from '@clusterstream/core';

/** Where an export stood when it failed. */
export interface ExportErrorContext {
  /** Cluster being exported, when the failure happened during a scan. */
  clusterId?: number;
  /** Page of that cluster being fetched (from the API error, or the next one due). */
  page?: number;
  /** Rows handed to the CSV writer before the failure (all discarded with the file). */
  rowsWritten: number;
  /** The file path, or `-` for stdout. */
  output: string;
}

/**
 * An export that did not finish. `cause` is the underlying error (a
 * `DookiError`, a file-system error, an `AbortError`); the message says what
 * failed, at which page, and how many rows had been written.
 */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  readonly clusterId: number | undefined;
  readonly page: number | undefined;
  readonly rowsWritten: number;
  readonly output: string;

  constructor(cause: unknown, context: ExportErrorContext) {
    const subject =
      context.clusterId === undefined ? 'export' : `export of cluster ${context.clusterId}`;
    const at = context.page === undefined ? '' : ` at page ${context.page}`;
    const rows = `${context.rowsWritten} row${context.rowsWritten === 1 ? '' : 's'} had been written`;
    super(`${subject} failed${at} after ${rows}: ${describeCause(cause)}`, { cause });
    this.clusterId = context.clusterId;
    this.page = context.page;
    this.rowsWritten = context.rowsWritten;
    this.output = context.output;
  }
}

/**
 * A scan that ended without error but is not the whole cluster (ids short of the total, an
 * empty page mid-way) or not one moment of it (the total moved, ids came twice).
 */
export class IncompleteScanError extends Error {
  override readonly name = 'IncompleteScanError';
  readonly code = 'CSV_EXPORT_INCOMPLETE';

  constructor(
    readonly clusterId: number,
    readonly verdict: ScanVerdict,
  ) {
    const kind = verdict.complete ? 'inconsistent' : 'incomplete';
    super(`scan ${kind}: ${verdict.reasons.join('; ')}`);
  }
}

const describeCause = (cause: unknown): string => {
  if (isDookiError(cause)) return `${cause.message} [${cause.code}]`;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code === undefined ? cause.message : `${cause.message} [${code}]`;
  }
  return String(cause);
};
