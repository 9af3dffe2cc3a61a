import type { Options } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
import type { Cell } from './cell.js';

/**
 * Turns an export into CSV text one API page at a time. One csv-stringify call per
 * page instead of a Transform stream fed row by row: the same bytes, without the
 * per-row stream bookkeeping, and one write per page for the destination.
 */
export interface CsvPageEncoder {
  /** The CSV of one page's rows (each ends with the record delimiter); the first call also carries the BOM and header. */
  encode(rows: Cell[][]): string;
  /** What is still owed when the export ends: the BOM and header when no page came. */
  finish(): string;
}

/** An encoder for csv-stringify `options` (see `stringifyOptions`). */
export const createCsvPageEncoder = (options: Options): CsvPageEncoder => {
  const later: Options = { ...options, header: false, bom: false };
  let started = false;
  const encode = (rows: Cell[][]): string => {
    const text = stringify(rows, started ? later : options);
    started = true;
    return text;
  };
  return { encode, finish: () => (started ? '' : encode([])) };
};
