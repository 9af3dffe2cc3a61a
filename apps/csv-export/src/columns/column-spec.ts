import { CUSTOMER_FIELDS, customerField, isSecretPath } from '@clusterstream/core';

/** Columns written when `--columns` is not given: the exporter's choice, not the model's. */
export const DEFAULT_COLUMN_PATHS: readonly string[] = [
  'id',
  'name',
  'email',
  'phone.full_number',
  'newsletter',
  'whatsapp',
  'active',
  'created_at',
];

/** One output column: a dotted path into the customer, an optional header, and the formula-escaping opt-out. */
export interface ColumnSpec {
  readonly path: string;
  /** Header text; when absent the format picks one (the path, or its Portuguese name). */
  readonly header?: string;
  /** True when the column is exempt from formula-injection escaping (`path!raw`). */
  readonly raw: boolean;
}

/** A `--columns` value that cannot be used; the message says which item and why. */
export class ColumnSpecError extends Error {
  override readonly name = 'ColumnSpecError';
}

export interface ColumnSpecOptions {
  /** Allow `token` and `login_url` (and add them to `all`). Default false. */
  includeSecrets?: boolean;
}

const SEGMENT = /^(?:[A-Za-z_][\w-]*|\d+)$/;
const RAW_SUFFIX = '!raw';

const expandKeyword = (word: string, includeSecrets: boolean): ColumnSpec[] | null => {
  if (word === 'default') return DEFAULT_COLUMN_PATHS.map((path) => ({ path, raw: false }));
  if (word !== 'all') return null;
  return CUSTOMER_FIELDS.filter((entry) => includeSecrets || !entry.secret).map((entry) => ({
    path: entry.path,
    raw: false,
  }));
};

const parseItem = (item: string, includeSecrets: boolean): ColumnSpec => {
  const colon = item.indexOf(':');
  let path = (colon === -1 ? item : item.slice(0, colon)).trim();
  const header = colon === -1 ? undefined : item.slice(colon + 1).trim();
  const raw = path.endsWith(RAW_SUFFIX);
  if (raw) path = path.slice(0, -RAW_SUFFIX.length);
  if (!path.split('.').every((segment) => SEGMENT.test(segment))) {
    throw new ColumnSpecError(
      `invalid column "${item}": expected a dotted path such as phone.full_number, optionally followed by !raw and :Header`,
    );
  }
  if (header === '')
    throw new ColumnSpecError(`invalid column "${item}": the header after ":" is empty`);
  if (!includeSecrets && isSecretPath(path)) {
    throw new ColumnSpecError(
      `column "${path}" is secret (it signs the customer in without a password); pass --include-secrets to export it`,
    );
  }
  return header === undefined ? { path, raw } : { path, header, raw };
};

/**
 * Parses a `--columns` value: comma-separated dotted paths, each optionally
 * followed by `!raw` (no formula escaping) and `:Header`, plus the keywords
 * `default` and `all` (every non-secret customer field, flattened).
 *
 * @example
 * parseColumnSpec('id,phone.full_number!raw:Telefone');
 * // [{ path: 'id', raw: false }, { path: 'phone.full_number', header: 'Telefone', raw: true }]
 * @throws {ColumnSpecError} on an empty list, a malformed item, a duplicate path, or a secret field
 */
export const parseColumnSpec = (text: string, options: ColumnSpecOptions = {}): ColumnSpec[] => {
  const includeSecrets = options.includeSecrets ?? false;
  const columns: ColumnSpec[] = [];
  for (const item of text.split(',')) {
    const word = item.trim();
    if (word === '') throw new ColumnSpecError(`empty column in "${text}"`);
    columns.push(...(expandKeyword(word, includeSecrets) ?? [parseItem(word, includeSecrets)]));
  }
  const seen = new Set<string>();
  for (const { path } of columns) {
    if (seen.has(path)) throw new ColumnSpecError(`column "${path}" is listed more than once`);
    seen.add(path);
  }
  return columns;
};

/** The default columns, as {@link parseColumnSpec} would return them for `default`. */
export const defaultColumns = (): ColumnSpec[] => parseColumnSpec('default');

/**
 * Paths that are neither a documented customer field nor an object above one;
 * they are exported (empty when absent) but are probably typos worth a warning.
 */
export const unknownColumnPaths = (columns: readonly ColumnSpec[]): string[] =>
  columns
    .map(({ path }) => path)
    .filter(
      (path) =>
        customerField(path) === undefined &&
        !CUSTOMER_FIELDS.some((entry) => entry.path.startsWith(`${path}.`)),
    );
