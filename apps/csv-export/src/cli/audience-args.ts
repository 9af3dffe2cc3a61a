import { AUDIENCE_HASHINGS, isAudienceHashing } from '@clusterstream/core/audience';
import type { AudienceExportOptions } from '../audience/audience-export.js';
import { AUDIENCE_PRESET_NAMES, isAudiencePresetName } from '../audience/audience-presets.js';
import { UsageError } from '@clusterstream/cli-kit';

/** The `dooki-csv` flags of audience exports (`--preset`, `--hash`, `--rows-per-file`). */
export const AUDIENCE_OPTIONS = {
  preset: { type: 'string' },
  hash: { type: 'string' },
  'rows-per-file': { type: 'string' },
} as const;

interface AudienceFlags {
  preset?: string | undefined;
  hash?: string | undefined;
  'rows-per-file'?: string | undefined;
  columns?: string | undefined;
  format?: string | undefined;
}

/**
 * Validates the audience flags: `--hash` and `--rows-per-file` only mean something with a
 * preset, and a preset fixes the columns and the CSV format.
 *
 * @throws {UsageError} on an unknown preset or hashing, a bad count, or a contradiction
 */
export const parseAudienceFlags = (values: AudienceFlags): AudienceExportOptions | undefined => {
  const { preset, hash } = values;
  const rowsPerFile = values['rows-per-file'];
  if (preset === undefined) {
    if (hash !== undefined) throw new UsageError('--hash needs --preset');
    if (rowsPerFile !== undefined) throw new UsageError('--rows-per-file needs --preset');
    return undefined;
  }
  if (!isAudiencePresetName(preset)) {
    throw new UsageError(
      `--preset must be one of ${AUDIENCE_PRESET_NAMES.join(', ')}, got "${preset}"`,
    );
  }
  if (values.columns !== undefined)
    throw new UsageError(`--preset ${preset} sets the columns: drop --columns`);
  if (values.format !== undefined)
    throw new UsageError(`--preset ${preset} writes the platform's CSV: drop --format`);
  if (hash !== undefined && !isAudienceHashing(hash)) {
    throw new UsageError(`--hash must be one of ${AUDIENCE_HASHINGS.join(', ')}, got "${hash}"`);
  }
  if (rowsPerFile !== undefined && !/^\d+$/.test(rowsPerFile.trim())) {
    throw new UsageError(
      `--rows-per-file must be a whole number (0 for one file), got "${rowsPerFile}"`,
    );
  }
  return {
    preset,
    ...(hash !== undefined && { hashing: hash }),
    ...(rowsPerFile !== undefined && { rowsPerFile: Number(rowsPerFile) }),
  };
};
