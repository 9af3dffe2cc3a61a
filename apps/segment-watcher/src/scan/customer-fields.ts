import { checkFieldPaths, readField } from '@clusterstream/core';
import { type CustomerPayload } from '../events.js';

/** Default thin payload fields (`id` is always included). */
export const DEFAULT_PAYLOAD_FIELDS: readonly string[] = Object.freeze(['name', 'email']);

/**
 * Validates a list of dotted field paths for payloads or update tracking with core's
 * `checkFieldPaths` (trimmed, repeats dropped, secrets refused at any depth). Throws a
 * `RangeError` that starts with `what` (the flag or option), so the CLI can turn it into a
 * usage error naming the flag.
 */
export function parseFieldList(fields: readonly string[], what: string): string[] {
  try {
    return checkFieldPaths(fields);
  } catch (error) {
    if (error instanceof RangeError) throw new RangeError(`${what}: ${error.message}`);
    throw error;
  }
}

/**
 * Core's `readField` (own properties only, so nothing comes from the prototype chain) with a
 * missing value as `null`: stored payloads and content hashes were always computed that way, so
 * they stay byte-identical across versions.
 */
const readValue = (customer: unknown, path: string): unknown => readField(customer, path) ?? null;

/** Picks the payload fields of a customer; dotted paths become flat keys (`phone.full_number`). */
export function pickPayload(customer: { id: number }, fields: readonly string[]): CustomerPayload {
  const payload: CustomerPayload = { id: customer.id };
  for (const field of fields) payload[field] = readValue(customer, field);
  return payload;
}

/**
 * A 32-bit FNV-1a content hash of the chosen fields. A collision can only hide an update, never
 * invent a membership change, so a fast 32-bit hash is enough and keeps the snapshot small.
 */
export function contentHash(customer: unknown, fields: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const field of fields) {
    const text = `${JSON.stringify(readValue(customer, field))}\u0001`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return hash | 0;
}
