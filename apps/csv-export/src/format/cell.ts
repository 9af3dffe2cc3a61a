import type { CustomerFieldKind } from '@clusterstream/core';
import { isDookiDate } from './dooki-date.js';
import type { FormatPreset } from './presets.js';

/**
 * A value ready for csv-stringify: text, a number (written with the preset's
 * number format and exempt from formula escaping, so `-10,5` stays a number),
 * or null for an empty cell.
 */
export type Cell = string | number | null;

/** Separator for arrays of scalars (`tags`, `brands`) inside one cell. */
export const LIST_SEPARATOR = '|';

// Numeric strings beyond 15 digits would lose precision as numbers: keep them as text.
const NUMERIC_TEXT = /^-?\d{1,15}(\.\d+)?$/;

const listItem = (value: unknown, preset: FormatPreset): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return preset.number(value);
  if (typeof value === 'boolean') return preset.boolean(value);
  if (isDookiDate(value)) return preset.dateTime(value);
  return JSON.stringify(value);
};

/** Formats any JSON value: scalars as such, API dates, arrays joined, other objects as JSON. */
const anyValue = (value: unknown, preset: FormatPreset): Cell => {
  switch (typeof value) {
    case 'string':
    case 'number':
      return value;
    case 'boolean':
      return preset.boolean(value);
    case 'undefined':
      return null;
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value))
        return value.map((item) => listItem(item, preset)).join(LIST_SEPARATOR);
      return isDookiDate(value) ? preset.dateTime(value) : JSON.stringify(value);
    default:
      return String(value); // bigint: JSON never yields functions or symbols
  }
};

/**
 * A formatter for one column: the field's schema kind decides how loosely
 * typed values are read (numeric strings, `YYYY-MM-DD` text); anything
 * unexpected falls back to the generic rendering instead of failing the export.
 *
 * @example
 * const price = cellFormatter('number', formatPreset('excel-br'));
 * price('12.50'); // 12.5 (written as "12,5")
 */
export const cellFormatter = (
  kind: CustomerFieldKind | undefined,
  preset: FormatPreset,
): ((value: unknown) => Cell) => {
  switch (kind) {
    case 'number':
      return (value) =>
        typeof value === 'string' && NUMERIC_TEXT.test(value)
          ? Number(value)
          : anyValue(value, preset);
    case 'date':
      return (value) => (typeof value === 'string' ? preset.date(value) : anyValue(value, preset));
    case 'datetime':
      return (value) =>
        typeof value === 'string' ? preset.dateTime({ date: value }) : anyValue(value, preset);
    default:
      return (value) => anyValue(value, preset);
  }
};
