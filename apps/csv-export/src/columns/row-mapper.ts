import { customerField, fieldReader } from '@clusterstream/core';
import { cellFormatter, type Cell } from '../format/cell.js';
import type { FormatPreset } from '../format/presets.js';
import type { ColumnSpec } from './column-spec.js';

/** Header of the column that says which cluster a row came from (several clusters). */
export const CLUSTER_COLUMN_PATH = 'cluster_id';

/** Compiled columns: the header row and a fast customer → row function. */
export interface RowMapper {
  readonly headers: readonly string[];
  /** Indexes of columns exempt from formula escaping. */
  readonly rawIndexes: ReadonlySet<number>;
  toRow(customer: unknown, clusterId: number): Cell[];
}

export interface RowMapperOptions {
  /** Prepend a `cluster_id` column holding the cluster each row was exported from. */
  clusterColumn: boolean;
}

const headerOf = (column: ColumnSpec, preset: FormatPreset): string =>
  column.header ??
  (preset.portugueseHeaders ? (customerField(column.path)?.label ?? column.path) : column.path);

/**
 * Compiles column specs for one format into a row mapper. Readers and
 * formatters are built once, so the per-row work is a flat loop.
 *
 * @example
 * const mapper = createRowMapper(parseColumnSpec('id,name'), formatPreset('rfc4180'), { clusterColumn: false });
 * mapper.toRow({ id: 7, name: 'Ana' }, 1); // [7, 'Ana']
 */
export const createRowMapper = (
  columns: readonly ColumnSpec[],
  preset: FormatPreset,
  options: RowMapperOptions,
): RowMapper => {
  // With a cluster column, the customer's own `cluster_id` would only repeat it under the same name.
  const dataColumns = options.clusterColumn
    ? columns.filter((column) => column.path !== CLUSTER_COLUMN_PATH || column.header !== undefined)
    : columns;
  const cells = dataColumns.map((column) => {
    const read = fieldReader(column.path);
    const format = cellFormatter(customerField(column.path)?.kind, preset);
    return (customer: unknown): Cell => format(read(customer));
  });
  const headers = dataColumns.map((column) => headerOf(column, preset));
  const offset = options.clusterColumn ? 1 : 0;
  const rawIndexes = new Set(
    dataColumns.flatMap((column, index) => (column.raw ? [index + offset] : [])),
  );
  if (!options.clusterColumn) {
    return { headers, rawIndexes, toRow: (customer) => cells.map((cell) => cell(customer)) };
  }
  const clusterHeader = headerOf({ path: CLUSTER_COLUMN_PATH, raw: false }, preset);
  return {
    headers: [clusterHeader, ...headers],
    rawIndexes,
    toRow: (customer, clusterId) => {
      const row: Cell[] = [clusterId];
      for (const cell of cells) row.push(cell(customer));
      return row;
    },
  };
};
