import {
  readField,
  SECRET_CUSTOMER_FIELDS,
  stripSecrets,
  type Customer,
} from '@clusterstream/core';
import type { IDataObject } from 'n8n-workflow';
import { isoDate, withIsoDates } from './iso-dates';

/** How a customer record is shaped before it becomes an n8n item. */
export interface CustomerOutputOptions {
  /** Keep `token` and `login_url` (a passwordless login link). Off by default. */
  includeSecretFields?: boolean;
  /** Return a flat subset of the useful fields instead of the full record. */
  simplify?: boolean;
  /**
   * Dates as ISO 8601 strings with their offset, in the full record and in Simplify (node
   * version 2). Off: the API's `{date, timezone, timezone_type}` objects, and Simplify's bare
   * `date` text (version 1, kept for saved workflows).
   */
  isoDates?: boolean;
}

/**
 * One key of the Simplify output, read from core's customer model (`CUSTOMER_FIELDS` paths;
 * a test holds the list to the model).
 */
export interface SimplifiedField {
  /** The output key. */
  key: string;
  /** Model paths to read, in order: the first that is not null or missing gives the value. */
  paths: readonly string[];
  /**
   * `value`: as served. `text`: a string, else null. `date`: a `{date, timezone,
   * timezone_type}` timestamp as ISO 8601 with its offset (or, in version 1, its `date` text).
   */
  as: 'value' | 'text' | 'date';
}

const simplified = (key: string, as: SimplifiedField['as'] = 'value', paths = [key]) => ({
  key,
  paths,
  as,
});

/** The Simplify output, in order: identity, contact, status, consent, dates. */
export const SIMPLIFIED_FIELDS: readonly SimplifiedField[] = [
  simplified('id'),
  simplified('name'),
  simplified('first_name'),
  simplified('last_name'),
  simplified('email'),
  // The full number, or the formatted one when that is all the API sent.
  simplified('phone', 'text', ['phone.full_number', 'phone.formated_number']),
  simplified('type'),
  simplified('active'),
  simplified('cluster_id'),
  simplified('newsletter'),
  simplified('whatsapp'),
  simplified('created_at', 'date'),
  simplified('updated_at', 'date'),
];

/**
 * Shapes a customer for output: secrets removed unless asked for, optionally flattened.
 *
 * @example
 * shapeCustomer(customer, { simplify: true }); // { id, name, email, phone, ... }
 */
export function shapeCustomer(
  customer: Customer,
  options: CustomerOutputOptions = {},
): IDataObject {
  const record = options.includeSecretFields ? { ...customer } : stripSecrets(customer);
  if (!options.simplify) return (options.isoDates ? withIsoDates(record) : record) as IDataObject;
  const readDate = options.isoDates ? isoDate : dateText;
  const simple: IDataObject = {};
  for (const field of SIMPLIFIED_FIELDS) {
    simple[field.key] = simplifiedValue(record, field, readDate);
  }
  if (options.includeSecretFields) {
    for (const secret of SECRET_CUSTOMER_FIELDS) {
      simple[secret] = asValue(readField(record, secret));
    }
  }
  return simple;
}

/** A customer's id as a number (the trigger's state and events key on it). */
export const customerIdOf = (customer: Customer): number => Number(readField(customer, 'id'));

function simplifiedValue(
  record: object,
  { paths, as }: SimplifiedField,
  readDate: (value: unknown) => string | null,
): IDataObject[string] {
  let value: unknown;
  for (const path of paths) {
    value ??= readFlattened(record, path);
  }
  if (as === 'text') return typeof value === 'string' ? value : null;
  if (as === 'date') return readDate(value);
  return asValue(value);
}

// Tolerates an object field flattened to its text (`"phone": "5511..."` instead of
// `{ full_number, ... }`): that text is the value of every path below it.
function readFlattened(record: object, path: string): unknown {
  const parent = path.includes('.')
    ? readField(record, path.slice(0, path.lastIndexOf('.')))
    : undefined;
  return typeof parent === 'string' ? parent : readField(record, path);
}

const asValue = (value: unknown): IDataObject[string] => value ?? null;

// Version 1: the `date` text of a `{ date: 'YYYY-MM-DD HH:MM:SS', timezone, timezone_type }`.
function dateText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const date = readField(value, 'date');
  return typeof date === 'string' ? date : null;
}
