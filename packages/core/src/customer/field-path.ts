import { isSecretPath } from './secrets.js';

const PATH_SYNTAX = /^[A-Za-z_]\w*(\.\w+)*$/;

const own = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;

/**
 * Compiles a dotted path (`spreadsheet.data.city`, `tags.0`) into a reader. A missing
 * intermediate object gives `undefined`, not an error (every customer field is nullable
 * in practice), and only own properties are read, so `constructor` or `__proto__` never
 * leak out of the prototype chain.
 *
 * @example
 * fieldReader('phone.full_number')({ phone: { full_number: '5511999990000' } }); // '5511999990000'
 */
export function fieldReader(path: string): (record: unknown) => unknown {
  const segments = path.split('.');
  if (segments.length === 1) {
    const [key = ''] = segments;
    return (record) => own(record, key);
  }
  return (record) => {
    let current: unknown = record;
    for (const segment of segments) current = own(current, segment);
    return current;
  };
}

/** Reads one dotted path of a customer (see {@link fieldReader}). */
export const readField = (record: unknown, path: string): unknown => fieldReader(path)(record);

export interface FieldPathRules {
  /** Accept `token` / `login_url` at any depth (an explicit, documented opt-in). Default false. */
  allowSecrets?: boolean;
}

/**
 * Checks user-given field paths (columns, payload fields): trims, drops empties and repeats,
 * and throws a `RangeError` naming the first path that is not `name` / `phone.full_number`
 * shaped, or that reaches a secret without `allowSecrets`. Paths outside the documented
 * model are allowed: the API adds fields before the docs do.
 *
 * @example
 * checkFieldPaths(['name', ' email ', 'name']); // ['name', 'email']
 * checkFieldPaths(['login_url']); // RangeError: "login_url" is a secret …
 */
export function checkFieldPaths(paths: readonly string[], rules: FieldPathRules = {}): string[] {
  const cleaned = paths.map((path) => path.trim()).filter((path) => path !== '');
  for (const path of cleaned) {
    if (!PATH_SYNTAX.test(path)) {
      throw new RangeError(`"${path}" is not a field path like name or phone.full_number`);
    }
    if (rules.allowSecrets !== true && isSecretPath(path)) {
      throw new RangeError(
        `"${path}" is a secret (token/login_url: a passwordless login link) and is left out`,
      );
    }
  }
  return [...new Set(cleaned)];
}
