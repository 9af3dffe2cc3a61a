// Building blocks of a customer's JSON: pre-encoded word lists and writers of composite fields.
import { ascii, type AsciiWriter } from './ascii-writer.js';
import { jsonText } from './php-json.js';
import * as plain from './pt-br-data.js';
import type { Rng } from './random.js';

/** JSON-ready bytes of `text` (escaped like PHP's json_encode). */
const escaped = (text: string): Buffer => ascii(jsonText(text));

// Word lists as JSON-ready bytes, escaped and encoded once at load so generation only copies.
export const words = {
  FIRST_NAMES: plain.FIRST_NAMES.map(([name, email]) => [escaped(name), ascii(email)] as const),
  LAST_NAMES: plain.LAST_NAMES.map(([name, email]) => [escaped(name), ascii(email)] as const),
  CITIES: plain.CITIES.map(([city, uf, ddd]) => [escaped(city), ascii(uf), ascii(ddd)] as const),
  STREETS: plain.STREETS.map(escaped),
  NEIGHBORHOODS: plain.NEIGHBORHOODS.map(escaped),
  BRANDS: plain.BRANDS.map(escaped),
  CATEGORIES: plain.CATEGORIES.map(escaped),
  NOTES: plain.NOTES.map(escaped),
  COMPANY_SUFFIXES: plain.COMPANY_SUFFIXES.map(escaped),
  COMPLEMENTS: plain.COMPLEMENTS.map(escaped),
  EMAIL_DOMAINS: plain.EMAIL_DOMAINS.map(ascii),
  SOCIAL_DRIVERS: plain.SOCIAL_DRIVERS.map(escaped),
  UTM_SOURCES: plain.UTM_SOURCES.map(escaped),
  UTM_CAMPAIGNS: plain.UTM_CAMPAIGNS.map(escaped),
  IP_PREFIXES: plain.IP_PREFIXES,
};

const COMMA = ascii(', ');

/** Writes 1..max distinct picks joined by `, `, in first-drawn order (max <= 3). */
export function writeSome(out: AsciiWriter, rng: Rng, items: readonly Buffer[], max: number): void {
  const count = rng.range(1, max);
  const first = rng.int(items.length);
  out.bytes(items[first]!);
  let second = -1;
  for (let i = 1; i < count; i++) {
    const next = rng.int(items.length);
    if (next === first || next === second) continue;
    out.bytes(COMMA);
    out.bytes(items[next]!);
    second = next;
  }
}

/** Writes a 9-digit mobile number as `(DD) 9XXXX-XXXX`. */
export function writeFormattedPhone(out: AsciiWriter, ddd: Buffer, mobile: number): void {
  out.text('(');
  out.bytes(ddd);
  out.text(') ');
  out.uint(Math.floor(mobile / 10_000));
  out.text('-');
  out.padded(mobile % 10_000, 4);
}

/** Writes a version-4 UUID from 4 draws (`c` carries the variant bits), as 8-4-4-4-12 hex. */
export function writeUuid(out: AsciiWriter, a: number, b: number, c: number, d: number): void {
  out.hex(a, 0, 8);
  out.text('-');
  out.hex(b, 0, 4);
  out.text('-4');
  out.hex(b, 5, 8);
  out.text('-');
  out.hex(c, 0, 4);
  out.text('-');
  out.hex(c, 4, 8);
  out.hex(d, 0, 8);
}

/** Writes `"value"`, or `null` when absent. */
export function writeOptional(out: AsciiWriter, value: Buffer | undefined): void {
  if (value === undefined) return out.text('null');
  out.text('"');
  out.bytes(value);
  out.text('"');
}
