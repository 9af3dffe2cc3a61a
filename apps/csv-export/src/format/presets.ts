import { offsetOf, parseWallTime, type DookiDate } from './dooki-date.js';

/** The output formats `--format` accepts. */
export const FORMAT_NAMES = ['rfc4180', 'excel-br'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/**
 * Everything that differs between the output formats: the csv-stringify
 * settings and how typed values become text.
 */
export interface FormatPreset {
  readonly name: FormatName;
  readonly delimiter: string;
  readonly bom: boolean;
  /** Use the Portuguese column headers of the customer schema. */
  readonly portugueseHeaders: boolean;
  number(value: number): string;
  boolean(value: boolean): string;
  /** A `YYYY-MM-DD` date (e.g. `birthday`); text that is not a date is returned as is. */
  date(text: string): string;
  /** A `{date, timezone, timezone_type}` object from the API. */
  dateTime(value: DookiDate): string;
}

const rfc4180: FormatPreset = {
  name: 'rfc4180',
  delimiter: ',',
  bom: false,
  portugueseHeaders: false,
  number: (value) => String(value),
  boolean: (value) => (value ? 'true' : 'false'),
  date: (text) => text,
  dateTime: (value) => {
    if (value.date === null) return '';
    const wall = parseWallTime(value.date);
    if (wall === null) return value.date;
    const day = `${wall.year}-${wall.month}-${wall.day}`;
    if (wall.time === null) return day;
    return `${day}T${wall.time}${offsetOf(value, wall) ?? ''}`;
  },
};

// Excel in pt-BR: `;` list separator, decimal comma, dd/mm/aaaa, and booleans it reads back as such.
const excelBr: FormatPreset = {
  name: 'excel-br',
  delimiter: ';',
  bom: true,
  portugueseHeaders: true,
  number: (value) => String(value).replace('.', ','),
  boolean: (value) => (value ? 'VERDADEIRO' : 'FALSO'),
  date: (text) => {
    const wall = parseWallTime(text);
    return wall === null ? text : `${wall.day}/${wall.month}/${wall.year}`;
  },
  // Wall-clock time of the store's zone: what the shop team sees in the admin panel.
  dateTime: (value) => {
    if (value.date === null) return '';
    const wall = parseWallTime(value.date);
    if (wall === null) return value.date;
    const day = `${wall.day}/${wall.month}/${wall.year}`;
    return wall.time === null ? day : `${day} ${wall.time}`;
  },
};

const PRESETS: Record<FormatName, FormatPreset> = { rfc4180, 'excel-br': excelBr };

/** True when `name` is one of {@link FORMAT_NAMES}. */
export const isFormatName = (name: string): name is FormatName =>
  (FORMAT_NAMES as readonly string[]).includes(name);

/**
 * The preset for a format name.
 *
 * @example
 * formatPreset('excel-br').number(10.5); // '10,5'
 */
export const formatPreset = (name: FormatName): FormatPreset => PRESETS[name];
