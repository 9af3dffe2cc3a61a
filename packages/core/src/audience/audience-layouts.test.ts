import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../customer/customer.js';
import { createAudiencePreparer, type AudiencePlatform } from './audience-layouts.js';
import { normalizeBrazilianPhone } from './brazilian-phone.js';
import { googleEmail, lettersOnly, lowerCaseName, normalizeEmail } from './normalize.js';
import { sha256Hex } from './sha256.js';

// Computed independently of the module under test.
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const aline: Customer = {
  id: 1,
  name: 'Aline Alves Moreira',
  first_name: 'Aline',
  last_name: 'Alves Moreira',
  email: ' Aline.Moreira1@UOL.com.br ',
  birthday: '1989-11-26',
  phone: {
    area_code: '27',
    full_number: '27961329350',
    number: '961329350',
    formated_number: '(27) 96132-9350',
  },
  spreadsheet: { data: { city: 'Vitória', uf: 'ES' } },
};

describe('sha256Hex', () => {
  it("matches Meta's published example (Custom Audiences, 'Build an Audience')", () => {
    expect(sha256Hex('mary@example.com')).toBe(
      'f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79',
    );
  });

  it("matches X's published example and node:crypto on non-ASCII text", () => {
    expect(sha256Hex('adsapi')).toBe(
      '49e0be2aeccfb51a8dee4c945c8a70a9ac500cf6f5cb08112575f74db9b1470d',
    );
    for (const text of ['joão', 'zoë', '', 'vitória', '😀'])
      expect(sha256Hex(text)).toBe(sha256(text));
  });
});

describe('Meta layout', () => {
  it("uses Meta's column names and hashes every normalized value", () => {
    const meta = createAudiencePreparer('meta', { currentYear: 2026 });
    expect(meta.fields.map((field) => field.header)).toEqual([
      'email',
      'phone',
      'fn',
      'ln',
      'ct',
      'st',
      'country',
      'doby',
    ]);
    expect(meta.record(aline)).toEqual({
      email: sha256('aline.moreira1@uol.com.br'),
      phone: sha256('5527961329350'),
      fn: sha256('aline'),
      ln: sha256('alvesmoreira'),
      ct: sha256('vitória'),
      st: sha256('es'),
      country: sha256('br'),
      doby: sha256('1989'),
    });
  });

  it('--hash none writes the normalized values', () => {
    const meta = createAudiencePreparer('meta', { hashing: 'none', currentYear: 2026 });
    expect(meta.values(aline)).toEqual([
      'aline.moreira1@uol.com.br',
      '5527961329350',
      'aline',
      'alvesmoreira',
      'vitória',
      'es',
      'br',
      '1989',
    ]);
  });
});

describe('Google layout', () => {
  it("uses Google's template headers; hashes email, phone (E.164 with +) and names, not Country and Zip", () => {
    const google = createAudiencePreparer('google');
    expect(google.fields.map((field) => field.header)).toEqual([
      'Email',
      'Phone',
      'First Name',
      'Last Name',
      'Country',
      'Zip',
    ]);
    expect(google.values(aline)).toEqual([
      sha256('aline.moreira1@uol.com.br'),
      sha256('+5527961329350'),
      sha256('aline'),
      sha256('alves moreira'),
      'BR',
      null,
    ]);
  });

  it('hashes a dotted Gmail address the way Google does (dots and +tag removed), Meta keeps it', () => {
    const customer = { id: 5, email: 'Jose.Davila+promo@GMAIL.com' };
    expect(createAudiencePreparer('google').record(customer).Email).toBe(
      'c29cda3bf15b7888c3b64fc42e1c9153c049e87aaa6a568b8d88a7fdc2f53d85', // sha256('josedavila@gmail.com')
    );
    expect(createAudiencePreparer('meta', { hashing: 'none' }).record(customer).email).toBe(
      'jose.davila+promo@gmail.com',
    );
  });

  it("normalizes Google's published phone example (+18005550100) like the Data Manager API", () => {
    const google = createAudiencePreparer('google', { hashing: 'none' });
    expect(google.record({ id: 1, phone: { full_number: '+1 (800) 555-0100' } }).Phone).toBe(
      '+18005550100',
    );
  });
});

describe('customers with missing or unusable fields', () => {
  it('leaves an un-normalizable phone out instead of guessing, and falls back to area code + number', () => {
    const meta = createAudiencePreparer('meta', { hashing: 'none' });
    expect(meta.record({ id: 2, phone: { full_number: '98765-4321' } }).phone).toBeNull();
    expect(
      meta.record({ id: 3, phone: { full_number: 'n/a', area_code: '11', number: '8765-4321' } })
        .phone,
    ).toBe('551187654321');
    expect(meta.record({ id: 4, phone: null, email: 'not an email' })).toMatchObject({
      phone: null,
      email: null,
    });
  });

  it('never hashes an empty value', () => {
    const google = createAudiencePreparer('google');
    expect(google.values({ id: 5 })).toEqual([null, null, null, null, 'BR', null]);
  });
});

const phoneArbitrary = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('11', '21', '27', '55', '86', '99'),
      fc.integer({ min: 0, max: 99_999_999 }),
    )
    .map(
      ([area, rest]) =>
        `(${area}) 9${String(rest)
          .padStart(8, '0')
          .replace(/^(\d{4})/, '$1-')}`,
    ),
  fc.string({ maxLength: 20 }),
);

const customerArbitrary = fc.record({
  id: fc.nat(),
  email: fc.oneof(
    fc.emailAddress().map((email) => ` ${email.toUpperCase()} `),
    fc.string({ maxLength: 12 }),
  ),
  first_name: fc.string({ maxLength: 12 }),
  last_name: fc.string({ maxLength: 12 }),
  phone: fc.record({ full_number: phoneArbitrary }),
});

describe.each<AudiencePlatform>(['meta', 'google'])(
  '%s: hashing is applied to exactly the normalized value',
  (platform) => {
    it('every hashed column is sha256(normalized) of the same customer, or empty when unusable', () => {
      const hashed = createAudiencePreparer(platform);
      const plain = createAudiencePreparer(platform, { hashing: 'none' });
      fc.assert(
        fc.property(customerArbitrary, (customer) => {
          const digests = hashed.values(customer);
          const normalized = plain.values(customer);
          hashed.fields.forEach((field, index) => {
            const value = normalized[index] ?? null;
            if (!field.hashed) expect(digests[index]).toBe(value);
            else expect(digests[index]).toBe(value === null ? null : sha256(value));
          });
          // The normalized value is the documented normalization of the raw one.
          const email = platform === 'meta' ? normalizeEmail : googleEmail;
          expect(normalized[0]).toBe(email(customer.email));
          const phone = normalizeBrazilianPhone(customer.phone.full_number);
          expect(normalized[1]).toBe(
            phone === null ? null : platform === 'google' ? `+${phone}` : phone,
          );
          const name = platform === 'meta' ? lettersOnly : lowerCaseName;
          expect(normalized[2]).toBe(name(customer.first_name));
        }),
        { numRuns: 300 },
      );
    });
  },
);
