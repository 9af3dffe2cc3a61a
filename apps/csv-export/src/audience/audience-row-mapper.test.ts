import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCsvPageEncoder } from '../format/csv-page-encoder.js';
import { formatPreset } from '../format/presets.js';
import { stringifyOptions } from '../format/stringify-options.js';
import { AUDIENCE_PRESET_NAMES } from './audience-presets.js';
import { createAudienceRowMapper } from './audience-row-mapper.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

// Realistic raw values: Brazilian phones in the shapes stores type them, emails with spaces and
// upper case. Long enough that finding one inside 64 hex digits by chance is not a worry.
const phone = fc
  .tuple(
    fc.constantFrom('11', '21', '27', '51', '86'),
    fc.integer({ min: 90_000_000, max: 99_999_999 }),
    fc.constantFrom('(%a) 9%n', '%a 9%n', '+55 %a 9%n', '0%a9%n', '%a9%n'),
  )
  .map(([area, number, shape]) => shape.replace('%a', area).replace('%n', String(number)));
const customer = fc.record({
  id: fc.nat(),
  email: fc.emailAddress().map((email) => `  ${email.toUpperCase()} `),
  first_name: fc.constantFrom('Ana', 'João', 'Zoë'),
  last_name: fc.constantFrom('Alves Moreira', "D'Ávila"),
  phone: fc.record({ full_number: phone }),
});

const encode = (preset: (typeof AUDIENCE_PRESET_NAMES)[number], customers: object[]): string => {
  const mapper = createAudienceRowMapper(preset);
  const encoder = createCsvPageEncoder(stringifyOptions(formatPreset('rfc4180'), mapper));
  return encoder.encode(customers.map((item) => mapper.toRow(item, 1))) + encoder.finish();
};

describe.each(AUDIENCE_PRESET_NAMES)('%s file', (preset) => {
  it('never contains a raw or normalized email or phone, only their digests', () => {
    fc.assert(
      fc.property(fc.array(customer, { minLength: 1, maxLength: 20 }), (customers) => {
        const text = encode(preset, customers);
        for (const { email, phone: raw } of customers) {
          const normalizedEmail = email.trim().toLowerCase();
          const digits = raw.full_number.replace(/\D/g, '');
          expect(text).not.toContain(email.trim());
          expect(text).not.toContain(normalizedEmail);
          expect(text).not.toContain(raw.full_number);
          expect(text).not.toContain(digits.slice(-8)); // not even the subscriber number
          expect(text).toContain(sha256(normalizedEmail));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('rows without a usable email or phone', () => {
  it('are counted, the email and phone columns left empty', () => {
    const mapper = createAudienceRowMapper('google-customer-match');
    const rows = [
      { id: 1, email: 'ana@example.com', phone: { full_number: '11987654321' } },
      { id: 2, email: 'nope', phone: { full_number: '11987654321' } },
      { id: 3, email: 'ana@example.com', phone: { full_number: '987654321' } },
      { id: 4 },
    ].map((item) => mapper.toRow(item, 1));
    expect(rows.map((row) => [row[0] === null, row[1] === null])).toEqual([
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]);
    expect(mapper.stats).toEqual({
      rows: 4,
      withoutEmail: 2,
      withoutPhone: 2,
      withoutEmailOrPhone: 1,
    });
  });
});

describe('formula escaping with --hash none', () => {
  it("prefixes ' to a name that a spreadsheet would run, never to Google's +55 phone", () => {
    const mapper = createAudienceRowMapper('google-customer-match', { hashing: 'none' });
    const encoder = createCsvPageEncoder(stringifyOptions(formatPreset('rfc4180'), mapper));
    const text = encoder.encode([
      mapper.toRow(
        {
          id: 1,
          first_name: '=HYPERLINK("x")',
          email: '@x@y.com',
          phone: { full_number: '11987654321' },
        },
        1,
      ),
    ]);
    expect(text.split('\r\n')[1]).toBe(`,+5511987654321,"'=hyperlink(""x"")",,BR,`);
  });
});
