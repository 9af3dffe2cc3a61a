import type { Customer } from './customer.js';

/**
 * Customer fields that must never be logged or exported: `token` and `login_url`
 * together are a passwordless "force login" link to the storefront as that customer.
 */
export const SECRET_CUSTOMER_FIELDS = ['token', 'login_url'] as const;

/** One of {@link SECRET_CUSTOMER_FIELDS}. */
export type SecretCustomerField = (typeof SECRET_CUSTOMER_FIELDS)[number];

const SECRETS: ReadonlySet<string> = new Set(SECRET_CUSTOMER_FIELDS);

/**
 * Whether a dotted field path reaches a secret at any depth (`token`, `login_url`,
 * `spreadsheet.data.token`): a secret nested under another name is still a login link.
 */
export const isSecretPath = (path: string): boolean =>
  path.split('.').some((segment) => SECRETS.has(segment));

/**
 * Returns a shallow copy of `customer` without {@link SECRET_CUSTOMER_FIELDS}.
 *
 * @example
 * ```ts
 * stripSecrets({ id: 1, name: 'Ana', token: 'uuid', login_url: 'https://…' }); // → { id: 1, name: 'Ana' }
 * ```
 */
export function stripSecrets<T extends Partial<Customer>>(
  customer: T,
): Omit<T, SecretCustomerField> {
  const copy: Record<string, unknown> = { ...customer };
  for (const field of SECRET_CUSTOMER_FIELDS) delete copy[field];
  return copy as Omit<T, SecretCustomerField>;
}
