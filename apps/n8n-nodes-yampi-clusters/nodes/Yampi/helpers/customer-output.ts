import { stripSecrets, type Customer } from '@clusterstream/core';
import type { IDataObject } from 'n8n-workflow';

/** How a customer record is shaped before it becomes an n8n item. */
export interface CustomerOutputOptions {
  /** Keep `token` and `login_url` (a passwordless login link). Off by default. */
  includeSecretFields?: boolean;
  /** Return a flat subset of the useful fields instead of the full record. */
  simplify?: boolean;
}

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
  const record = (options.includeSecretFields ? { ...customer } : stripSecrets(customer)) as
    IDataObject | Customer;
  if (!options.simplify) return record as IDataObject;
  const simple: IDataObject = {
    id: field(record, 'id'),
    name: field(record, 'name'),
    first_name: field(record, 'first_name'),
    last_name: field(record, 'last_name'),
    email: field(record, 'email'),
    phone: phoneOf(record),
    type: field(record, 'type'),
    active: field(record, 'active'),
    cluster_id: field(record, 'cluster_id'),
    newsletter: field(record, 'newsletter'),
    whatsapp: field(record, 'whatsapp'),
    created_at: dateOf(record, 'created_at'),
    updated_at: dateOf(record, 'updated_at'),
  };
  if (options.includeSecretFields) {
    simple.token = field(record, 'token');
    simple.login_url = field(record, 'login_url');
  }
  return simple;
}

type Fields = Record<string, unknown>;

function field(record: object, name: string): IDataObject[string] {
  const value = (record as Fields)[name];
  return value ?? null;
}

function phoneOf(record: object): string | null {
  const phone = (record as Fields).phone as Fields | string | null | undefined;
  if (typeof phone === 'string') return phone;
  const full = phone?.full_number ?? phone?.formated_number;
  return typeof full === 'string' ? full : null;
}

// Yampi dates are `{ date: 'YYYY-MM-DD HH:MM:SS', timezone, timezone_type }` objects.
function dateOf(record: object, name: string): string | null {
  const value = (record as Fields)[name] as Fields | string | null | undefined;
  if (typeof value === 'string') return value;
  return typeof value?.date === 'string' ? value.date : null;
}
