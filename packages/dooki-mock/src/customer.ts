import { AsciiWriter } from './ascii-writer.js';
import { F } from './customer-fragments.js';
import { drawProfile } from './customer-profile.js';
import { writeContact, writePhone, writeSpreadsheet } from './customer-sections.js';
import type { Customer, CustomerContext } from './customer-types.js';
import { writeCpf } from './documents.js';
import { hash32, Rng } from './random.js';

/**
 * Generous upper bound of one customer's JSON (the longest is under 2 KB): callers reserve this
 * much per customer, and the writer fails loudly rather than truncate if it were ever exceeded.
 */
export const MAX_CUSTOMER_BYTES = 4096;

/**
 * Writes customer `id` as served (JSON text): a pure function of (seed, id) plus the cluster it
 * belongs to now. Nothing is stored, so a cluster of millions costs no memory. Written as bytes
 * directly (see ascii-writer.ts) because this is the simulator's hot path when streaming millions
 * of customers. The draw order is part of the wire format: every value comes from one generator
 * in a fixed sequence, so reordering draws changes the data (test/golden.test.ts pins it).
 */
export function writeCustomer(
  out: AsciiWriter,
  context: CustomerContext,
  id: number,
  clusterId: number | null,
): void {
  const rng = new Rng(hash32(context.seed, id, 0xc0ffee));
  const p = drawProfile(rng, id);
  out.bytes(F.id);
  out.uint(id);
  out.bytes(F.merchantId);
  out.uint(context.merchantId);
  out.bytes(rng.chance(0.97) ? F.active : F.inactive);
  out.bytes(p.isCompany ? F.companyType : F.personType);
  if (clusterId === null) out.bytes(F.null);
  else out.uint(clusterId);
  out.bytes(F.name);
  out.bytes(p.firstName);
  out.text(' ');
  out.bytes(p.middleName);
  out.text(' ');
  out.bytes(p.lastName);
  out.bytes(F.firstName);
  out.bytes(p.firstName);
  out.bytes(F.lastName);
  out.bytes(p.middleName);
  out.text(' ');
  out.bytes(p.lastName);
  out.bytes(F.genericName);
  out.bytes(p.firstName);
  if (p.isCompany) out.bytes(F.noCpfBrands);
  else {
    out.bytes(F.cpf);
    writeCpf(out, rng);
    out.bytes(F.brands);
  }
  writeSpreadsheet(out, rng, p);
  writePhone(out, p);
  writeContact(out, rng, p, context.alias);
}

const single = new AsciiWriter(MAX_CUSTOMER_BYTES);

/** {@link writeCustomer} as a string (for the control API, off the hot path). */
export function customerJson(
  context: CustomerContext,
  id: number,
  clusterId: number | null,
): string {
  single.reset();
  writeCustomer(single, context, id, clusterId);
  return single.takeText();
}

/** The customer object exactly as served: the parsed {@link customerJson}. */
export function generateCustomer(
  context: CustomerContext,
  id: number,
  clusterId: number | null,
): Customer {
  return JSON.parse(customerJson(context, id, clusterId)) as Customer;
}
