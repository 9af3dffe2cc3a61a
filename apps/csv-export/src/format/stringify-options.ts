import type { Options } from 'csv-stringify';
import type { RowMapper } from '../columns/row-mapper.js';
import type { FormatPreset } from './presets.js';

/**
 * csv-stringify options for a preset and a set of columns. Formula escaping
 * (`escape_formulas`) is on for every text cell except the `!raw` columns,
 * which opt out through csv-stringify's per-field options.
 */
export const stringifyOptions = (preset: FormatPreset, mapper: RowMapper): Options => {
  const { rawIndexes } = mapper;
  // Every column raw (the audience presets, which escape what needs it themselves): no escaping
  // at all, rather than a per-field options object for every cell, which csv-stringify makes
  // expensive (it re-normalizes its options for each one).
  const allRaw = rawIndexes.size > 0 && rawIndexes.size === mapper.headers.length;
  return {
    header: true,
    columns: mapper.headers.map((header, index) => ({ key: String(index), header })),
    delimiter: preset.delimiter,
    bom: preset.bom,
    record_delimiter: 'windows',
    // With an explicit record_delimiter csv-stringify stops quoting bare \n / \r by
    // default, which Excel and most readers would take as a record break.
    quote_record_delimiter: true,
    escape_formulas: !allRaw,
    cast: {
      number: (value) => preset.number(value),
      boolean: (value) => preset.boolean(value),
      string:
        rawIndexes.size === 0 || allRaw
          ? (value) => value
          : (value, context) => {
              if (context.header || !rawIndexes.has(context.index)) return value;
              // A per-field option: csv-stringify merges it over the global ones (its
              // typings omit escape_formulas, hence the variable instead of a literal).
              const unescaped = { value, escape_formulas: false };
              return unescaped;
            },
    },
  };
};
