/**
 * `@clusterstream/csv-export`: stream Yampi cluster customers into CSV.
 * The `dooki-csv` command is `run`; `exportClusterCsv` is the library API.
 */
export {
  exportClusterCsv,
  type ExportClusterCsvOptions,
  type ExportProgress,
  type ExportSummary,
  type ClusterExportSummary,
} from './export-cluster-csv.js';
export { ExportError, IncompleteScanError, type ExportErrorContext } from './export-error.js';
export {
  parseColumnSpec,
  defaultColumns,
  DEFAULT_COLUMN_PATHS,
  ColumnSpecError,
  type ColumnSpec,
  type ColumnSpecOptions,
} from './columns/column-spec.js';
// The customer model is core's; re-exported for callers of the exporter's earlier surface.
export {
  CUSTOMER_FIELDS,
  isSecretPath,
  type CustomerField,
  type CustomerFieldKind,
  type CustomerFieldKind as FieldKind,
} from '@clusterstream/core';
export {
  FORMAT_NAMES,
  formatPreset,
  type FormatName,
  type FormatPreset,
} from './format/presets.js';
export { nodeHttpTransport } from '@clusterstream/core';
export type { OutputTarget } from './output/destination.js';
export { run, type RunIo } from './cli/run.js';
export { EXIT_CODES, type ExitCode } from './cli/exit-codes.js';
export {
  AUDIENCE_PRESET_NAMES,
  META_RECORDS_PER_UPLOAD,
  type AudiencePresetName,
} from './audience/audience-presets.js';
export type { AudienceExportOptions } from './audience/audience-export.js';
export type { AudienceStats } from './audience/audience-row-mapper.js';
