// The exporter's row mapper and page encoder, which `src/index.ts` does not export. Reached by
// path here and nowhere else, so a reshuffle of the exporter's source breaks one file.
// TODO(bench): import these from the package once it exports them.
export { createRowMapper, type RowMapper } from '../src/columns/row-mapper.js';
export { createCsvPageEncoder } from '../src/format/csv-page-encoder.js';
export { stringifyOptions } from '../src/format/stringify-options.js';
export type { Cell } from '../src/format/cell.js';
