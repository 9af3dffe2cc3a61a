import type { AudiencePlatform } from '@clusterstream/core/audience';

/** The `--preset` names: a customer file for an ad platform instead of a column list. */
export const AUDIENCE_PRESET_NAMES = ['meta-audience', 'google-customer-match'] as const;
export type AudiencePresetName = (typeof AUDIENCE_PRESET_NAMES)[number];

/**
 * Meta's Marketing API takes "an unlimited number of records to an audience, but only up to
 * 10000 at a time" (Customer File Custom Audiences guide). Ads Manager's file upload documents
 * no row limit, so the export is split into files of at most this many records, each of which
 * fits one upload request either way.
 */
export const META_RECORDS_PER_UPLOAD = 10_000;

export interface AudiencePreset {
  readonly name: AudiencePresetName;
  readonly platform: AudiencePlatform;
  /** Records per file by default; 0 means one file (the platform documents no record limit). */
  readonly rowsPerFile: number;
}

const PRESETS: Record<AudiencePresetName, AudiencePreset> = {
  'meta-audience': {
    name: 'meta-audience',
    platform: 'meta',
    rowsPerFile: META_RECORDS_PER_UPLOAD,
  },
  // Google documents no record limit for a Customer Match file upload (only a size limit).
  'google-customer-match': { name: 'google-customer-match', platform: 'google', rowsPerFile: 0 },
};

/** True when `name` is one of {@link AUDIENCE_PRESET_NAMES}. */
export const isAudiencePresetName = (name: string): name is AudiencePresetName =>
  (AUDIENCE_PRESET_NAMES as readonly string[]).includes(name);

/** The preset for a `--preset` name. */
export const audiencePreset = (name: AudiencePresetName): AudiencePreset => PRESETS[name];
