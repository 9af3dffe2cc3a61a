import type { Customer } from '../customer/customer.js';
import { normalizeBrazilianPhone } from './brazilian-phone.js';
import { birthYear, googleEmail, lettersOnly, lowerCaseName, normalizeEmail } from './normalize.js';
import { memoizedSha256, sha256Hex } from './sha256.js';

/** The ad platforms a customer list can be prepared for. */
export const AUDIENCE_PLATFORMS = ['meta', 'google'] as const;
export type AudiencePlatform = (typeof AUDIENCE_PLATFORMS)[number];

/** `sha256`: hex digests of the normalized values (the default); `none`: normalized values as is. */
export const AUDIENCE_HASHINGS = ['sha256', 'none'] as const;
export type AudienceHashing = (typeof AUDIENCE_HASHINGS)[number];

/** What a column identifies; `email` and `phone` are the ones that match on their own. */
export type AudienceFieldKind =
  | 'email'
  | 'phone'
  | 'first-name'
  | 'last-name'
  | 'city'
  | 'state'
  | 'country'
  | 'zip'
  | 'birth-year';

/** One column of a platform's customer file. */
export interface AudienceField {
  /** The column name the platform's template uses (`fn`, `First Name`...). */
  readonly header: string;
  readonly kind: AudienceFieldKind;
  /** Whether the platform wants this column hashed (when hashing is on). */
  readonly hashed: boolean;
  /** Unhashed values can start with `=`, `+`, `-` or `@`, which a spreadsheet takes for a formula. */
  readonly mayLookLikeFormula: boolean;
}

interface FieldSpec extends AudienceField {
  /** Few distinct values (names, places, years): remember their digests. */
  readonly repetitive: boolean;
  normalize(customer: Facts): string | null;
}

/** The customer fields the layouts read, each normalized once per customer. */
interface Facts {
  readonly customer: Customer;
  readonly currentYear: number;
  phone: string | null | undefined;
}

const own = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;

const phoneText = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The customer's phone as country code + number digits, from the first of `phone.full_number`,
 * `phone.area_code` + `phone.number` and `phone.formated_number` that normalizes.
 */
const customerPhone = (facts: Facts): string | null => {
  if (facts.phone !== undefined) return facts.phone;
  const { phone } = facts.customer;
  const area = phoneText(own(phone, 'area_code'));
  const number = phoneText(own(phone, 'number'));
  const candidates = [
    typeof phone === 'string' ? phone : phoneText(own(phone, 'full_number')),
    area !== null && number !== null ? `${area} ${number}` : null,
    phoneText(own(phone, 'formated_number')),
  ];
  facts.phone = null;
  for (const candidate of candidates) {
    const normalized = candidate === null ? null : normalizeBrazilianPhone(candidate);
    if (normalized !== null) {
      facts.phone = normalized;
      break;
    }
  }
  return facts.phone;
};

/**
 * `normalize` with its results remembered per input text, for fields with few distinct values
 * (names, cities, states): Unicode normalization and regexes once per name, not once per row.
 * Bounded; starts over when full.
 */
const remembered = (
  normalize: (value: unknown) => string | null,
  capacity = 4096,
): ((value: unknown) => string | null) => {
  const cache = new Map<string, string | null>();
  return (value) => {
    if (typeof value !== 'string') return normalize(value);
    const known = cache.get(value);
    if (known !== undefined) return known;
    const result = normalize(value);
    if (cache.size >= capacity) cache.clear();
    cache.set(value, result);
    return result;
  };
};

const spreadsheet = (customer: Customer, key: string): unknown =>
  own(own(customer.spreadsheet, 'data'), key);

// Yampi is a Brazilian platform and its customers carry no country: every list is Brazil's.
const COUNTRY = 'br';

const field = (
  header: string,
  kind: AudienceFieldKind,
  normalize: (facts: Facts) => string | null,
  options: { hashed?: boolean; repetitive?: boolean; mayLookLikeFormula?: boolean } = {},
): FieldSpec => ({
  header,
  kind,
  normalize,
  hashed: options.hashed ?? true,
  repetitive: options.repetitive ?? false,
  mayLookLikeFormula: options.mayLookLikeFormula ?? false,
});

/**
 * Meta's customer-file columns (Business Help Center, "How to format a customer list"), with
 * the Marketing API's normalization: every column hashed, names/city/state as lower-case
 * letters, phone as digits with the country code, country as ISO 3166-1 alpha-2 lower case.
 * No `zip` (Yampi customers carry no postal code) and `doby` rather than `dob` (Meta documents
 * a normalized form for the birth year, not for a hashed full date).
 * Built per preparer, so its caches of names and places live no longer than the preparer.
 */
const metaLayout = (): readonly FieldSpec[] => {
  const metaName = remembered(lettersOnly);
  const metaPlace = remembered(lettersOnly);
  return [
    field('email', 'email', ({ customer }) => normalizeEmail(customer.email), {
      mayLookLikeFormula: true,
    }),
    field('phone', 'phone', customerPhone),
    field('fn', 'first-name', ({ customer }) => metaName(customer.first_name), {
      repetitive: true,
    }),
    field('ln', 'last-name', ({ customer }) => metaName(customer.last_name), {
      repetitive: true,
    }),
    field('ct', 'city', ({ customer }) => metaPlace(spreadsheet(customer, 'city')), {
      repetitive: true,
    }),
    field('st', 'state', ({ customer }) => metaPlace(spreadsheet(customer, 'uf')), {
      repetitive: true,
    }),
    field('country', 'country', () => COUNTRY, { repetitive: true }),
    field(
      'doby',
      'birth-year',
      ({ customer, currentYear }) => birthYear(customer.birthday, currentYear),
      {
        repetitive: true,
      },
    ),
  ];
};

/**
 * Google Customer Match's CSV template columns. Email, phone (E.164, with `+`) and names are
 * hashed; Country and Zip are not ("If you upload a hashed data file, don't hash Country and
 * Zip data"). Zip stays empty: Yampi customers carry no postal code.
 */
const googleLayout = (): readonly FieldSpec[] => {
  const googleName = remembered(lowerCaseName);
  return [
    field('Email', 'email', ({ customer }) => googleEmail(customer.email), {
      mayLookLikeFormula: true,
    }),
    field('Phone', 'phone', (facts) => {
      const digits = customerPhone(facts);
      return digits === null ? null : `+${digits}`;
    }),
    field('First Name', 'first-name', ({ customer }) => googleName(customer.first_name), {
      repetitive: true,
      mayLookLikeFormula: true,
    }),
    field('Last Name', 'last-name', ({ customer }) => googleName(customer.last_name), {
      repetitive: true,
      mayLookLikeFormula: true,
    }),
    field('Country', 'country', () => COUNTRY.toUpperCase(), { hashed: false }),
    field('Zip', 'zip', () => null, { hashed: false }),
  ];
};

const LAYOUTS: Record<AudiencePlatform, () => readonly FieldSpec[]> = {
  meta: metaLayout,
  google: googleLayout,
};

export interface AudiencePreparerOptions {
  /** Default `sha256`. */
  hashing?: AudienceHashing;
  /** The last valid birth year. Default: the current UTC year. */
  currentYear?: number;
}

/** Turns customers into one platform's customer-file values. */
export interface AudiencePreparer {
  readonly platform: AudiencePlatform;
  readonly hashing: AudienceHashing;
  readonly fields: readonly AudienceField[];
  /** The values in `fields` order: normalized, hashed where the platform wants it, null when unusable. */
  values(customer: Customer): (string | null)[];
  /** The same values keyed by column name (one n8n item). */
  record(customer: Customer): Record<string, string | null>;
}

/**
 * A preparer for `platform`: it reads a Yampi customer, normalizes each column the way the
 * platform documents, and hashes with SHA-256 unless `hashing` is `none`. A raw value never
 * reaches a hashed column: a column is either a digest of the normalized value or empty.
 *
 * @example
 * const meta = createAudiencePreparer('meta');
 * meta.record({ id: 1, email: ' Mary@Example.com ' }).email;
 * // 'f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79'
 */
export const createAudiencePreparer = (
  platform: AudiencePlatform,
  options: AudiencePreparerOptions = {},
): AudiencePreparer => {
  const hashing = options.hashing ?? 'sha256';
  const currentYear = options.currentYear ?? new Date().getUTCFullYear();
  const specs = LAYOUTS[platform]();
  const encoders = specs.map((spec): ((value: string) => string) => {
    if (hashing === 'none' || !spec.hashed) return (value) => value;
    return spec.repetitive ? memoizedSha256() : sha256Hex;
  });
  const fields = specs.map(({ header, kind, hashed, mayLookLikeFormula }): AudienceField => ({
    header,
    kind,
    hashed: hashing !== 'none' && hashed,
    // A digest is hex: only unhashed values can look like a formula.
    mayLookLikeFormula: (hashing === 'none' || !hashed) && mayLookLikeFormula,
  }));
  const values = (customer: Customer): (string | null)[] => {
    const facts: Facts = { customer, currentYear, phone: undefined };
    const row: (string | null)[] = [];
    for (let index = 0; index < specs.length; index += 1) {
      const value = specs[index]!.normalize(facts);
      row.push(value === null ? null : encoders[index]!(value));
    }
    return row;
  };
  return {
    platform,
    hashing,
    fields,
    values,
    record: (customer) => {
      const row = values(customer);
      return Object.fromEntries(fields.map(({ header }, index) => [header, row[index] ?? null]));
    },
  };
};

/** True when `name` is one of {@link AUDIENCE_PLATFORMS}. */
export const isAudiencePlatform = (name: string): name is AudiencePlatform =>
  (AUDIENCE_PLATFORMS as readonly string[]).includes(name);

/** True when `name` is one of {@link AUDIENCE_HASHINGS}. */
export const isAudienceHashing = (name: string): name is AudienceHashing =>
  (AUDIENCE_HASHINGS as readonly string[]).includes(name);
