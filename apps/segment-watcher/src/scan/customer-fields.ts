import { type CustomerPayload } from '../events.js';

/** Fields that must never leave the watcher: a passwordless login link lives in them. */
const FORBIDDEN_FIELDS = new Set(['token', 'login_url']);

/** Default thin payload fields (`id` is always included). */
export const DEFAULT_PAYLOAD_FIELDS: readonly string[] = Object.freeze(['name', 'email']);

/**
 * Validates a list of dotted field paths for payloads or update tracking.
 * Throws a `RangeError` naming the bad field, so the CLI can turn it into a usage error.
 */
export function parseFieldList(fields: readonly string[], what: string): string[] {
  const cleaned = fields.map((field) => field.trim()).filter((field) => field !== '');
  for (const field of cleaned) {
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(field)) {
      throw new RangeError(
        `${what}: "${field}" is not a field path like name or phone.full_number`,
      );
    }
    if (field.split('.').some((part) => FORBIDDEN_FIELDS.has(part))) {
      throw new RangeError(
        `${what}: "${field}" is a secret (token/login_url) and is never emitted`,
      );
    }
  }
  return [...new Set(cleaned)];
}

function readPath(source: unknown, path: string): unknown {
  let value: unknown = source;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value === undefined ? null : value;
}

/** Picks the payload fields of a customer; dotted paths become flat keys (`phone.full_number`). */
export function pickPayload(customer: { id: number }, fields: readonly string[]): CustomerPayload {
  const payload: CustomerPayload = { id: customer.id };
  for (const field of fields) payload[field] = readPath(customer, field);
  return payload;
}

/**
 * A 32-bit FNV-1a content hash of the chosen fields. A collision can only hide an update, never
 * invent a membership change, so a fast 32-bit hash is enough and keeps the snapshot small.
 */
export function contentHash(customer: unknown, fields: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const field of fields) {
    const text = `${JSON.stringify(readPath(customer, field))}\u0001`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return hash | 0;
}
