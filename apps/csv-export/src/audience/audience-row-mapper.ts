import type { Customer } from '@clusterstream/core';
import { createAudiencePreparer, type AudienceHashing } from '@clusterstream/core/audience';
import type { RowMapper } from '../columns/row-mapper.js';
import type { Cell } from '../format/cell.js';
import { audiencePreset, type AudiencePresetName } from './audience-presets.js';

// What csv-stringify's escape_formulas treats as a formula: such a value gets a leading `'`.
const FORMULA_START = /^[=+\-@\t\r]/;

/** How many rows lacked the identifiers that match on their own. */
export interface AudienceStats {
  rows: number;
  /** Rows whose email was missing or not an address (left empty). */
  withoutEmail: number;
  /** Rows whose phone was missing or could not be normalized (left empty, never guessed). */
  withoutPhone: number;
  /** Rows with neither: the platform can only try the weaker name/place columns. */
  withoutEmailOrPhone: number;
}

/** A row mapper that writes a platform's customer-file columns and counts unusable identifiers. */
export interface AudienceRowMapper extends RowMapper {
  readonly stats: AudienceStats;
}

/**
 * The row mapper of an audience preset, on top of core's shared normalization
 * (`@clusterstream/core/audience`, the same code the n8n node runs). Formula escaping (a
 * leading `'`, as csv-stringify's `escape_formulas` does) applies only to columns whose
 * unhashed values can start with `=`, `+`, `-` or `@` (emails, Google's names with
 * `--hash none`): a digest is hex, and Google's `+55...` phone must reach the platform without
 * a leading `'`.
 */
export const createAudienceRowMapper = (
  preset: AudiencePresetName,
  options: { hashing?: AudienceHashing } = {},
): AudienceRowMapper => {
  const preparer = createAudiencePreparer(audiencePreset(preset).platform, {
    hashing: options.hashing ?? 'sha256',
  });
  const { fields } = preparer;
  const email = fields.findIndex((field) => field.kind === 'email');
  const phone = fields.findIndex((field) => field.kind === 'phone');
  const escaped = fields.flatMap((field, index) => (field.mayLookLikeFormula ? [index] : []));
  const stats: AudienceStats = {
    rows: 0,
    withoutEmail: 0,
    withoutPhone: 0,
    withoutEmailOrPhone: 0,
  };
  return {
    headers: fields.map((field) => field.header),
    // Escaped here rather than by csv-stringify (see stringifyOptions): every column is raw.
    rawIndexes: new Set(fields.map((_, index) => index)),
    stats,
    toRow: (customer): Cell[] => {
      const row = preparer.values(customer as Customer);
      for (const index of escaped) {
        const value = row[index];
        if (value != null && FORMULA_START.test(value)) row[index] = `'${value}`;
      }
      const noEmail = row[email] === null;
      const noPhone = row[phone] === null;
      stats.rows += 1;
      if (noEmail) stats.withoutEmail += 1;
      if (noPhone) stats.withoutPhone += 1;
      if (noEmail && noPhone) stats.withoutEmailOrPhone += 1;
      return row;
    },
  };
};
