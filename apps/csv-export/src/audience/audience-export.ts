import type { AudienceHashing } from '@clusterstream/core/audience';
import { ColumnSpecError } from '../columns/column-spec.js';
import { audiencePreset, type AudiencePresetName } from './audience-presets.js';
import { createAudienceRowMapper, type AudienceRowMapper } from './audience-row-mapper.js';

/** An export as an ad platform's customer file (`dooki-csv --preset`). */
export interface AudienceExportOptions {
  preset: AudiencePresetName;
  /** Default `sha256`; `none` writes the normalized values for platforms that hash themselves. */
  hashing?: AudienceHashing;
  /** Records per file (numbered files beyond it); 0 for one file. Default: the preset's. */
  rowsPerFile?: number;
}

/**
 * The row mapper and file split of an audience export. A preset fixes the columns and the CSV
 * dialect the platforms read (comma, UTF-8 without BOM), so `columns` and a `format` other than
 * `rfc4180` are refused rather than silently ignored.
 */
export const prepareAudienceExport = (
  audience: AudienceExportOptions,
  options: { columns?: unknown; format?: string | undefined },
): { mapper: AudienceRowMapper; rowsPerFile: number } => {
  if (options.columns !== undefined)
    throw new ColumnSpecError(`preset ${audience.preset} sets the columns: drop the columns`);
  if ((options.format ?? 'rfc4180') !== 'rfc4180')
    throw new ColumnSpecError(`preset ${audience.preset} writes rfc4180 CSV: drop the format`);
  return {
    mapper: createAudienceRowMapper(audience.preset, { hashing: audience.hashing ?? 'sha256' }),
    rowsPerFile: audience.rowsPerFile ?? audiencePreset(audience.preset).rowsPerFile,
  };
};
