// Field normalizers shared by the Meta and Google layouts. Each returns null when the value is
// missing or unusable, so a row never carries an empty string hashed into a digest.

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Trimmed and lower-cased (Meta's rule; Google's is {@link googleEmail}), or null when what is left is not an email
 * address (whitespace inside, no `@`, no dot in the domain): such a value is left out, not
 * repaired.
 *
 * @example
 * normalizeEmail('  Ana.Silva@Example.COM '); // 'ana.silva@example.com'
 */
export const normalizeEmail = (value: unknown): string | null => {
  const raw = text(value);
  if (raw === null) return null;
  const email = raw.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
};

/** Google's mailbox domains, where dots and `+tags` in the local part do not change the mailbox. */
const GOOGLE_MAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * Google's rule (Data Manager API "Format user data"): whitespace removed wherever it is, lower
 * case, and for `gmail.com` / `googlemail.com` every dot in the local part removed and everything
 * from a `+` on dropped (other domains keep both). Null when the result is not an address.
 *
 * @example
 * googleEmail('Cloudy.SanFrancisco+shopping@gmail.com'); // 'cloudysanfrancisco@gmail.com'
 * googleEmail('user.name+NYC@Example.com'); // 'user.name+nyc@example.com'
 */
export const googleEmail = (value: unknown): string | null => {
  const raw = text(value);
  if (raw === null) return null;
  const email = raw.replace(/\s+/gu, '').toLowerCase();
  if (!EMAIL.test(email)) return null;
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  if (!GOOGLE_MAIL_DOMAINS.has(domain)) return email;
  const local = email.slice(0, at).split('+')[0]!.replace(/\./g, '');
  return local === '' ? null : `${local}@${domain}`;
};

/**
 * Meta's rule for names, city and state: lower case, no punctuation, no spaces, UTF-8. Letters
 * keep their accents (`joão`, `vitória`), composed (NFC) so the same name always gives the same
 * bytes.
 *
 * @example
 * lettersOnly("D'Ávila Neto"); // 'dávilaneto'
 */
export const lettersOnly = (value: unknown): string | null => {
  const raw = text(value);
  if (raw === null) return null;
  const letters = raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}]/gu, '');
  return letters === '' ? null : letters;
};

/**
 * Google's rule for names: lower case, no leading, trailing or repeated spaces; accents and
 * inner punctuation are kept (`pérez`, `d'ávila`).
 *
 * @example
 * lowerCaseName('  Alves   Moreira '); // 'alves moreira'
 */
export const lowerCaseName = (value: unknown): string | null => {
  const raw = text(value);
  if (raw === null) return null;
  return raw.normalize('NFC').toLowerCase().trim().replace(/\s+/g, ' ');
};

const BIRTHDAY = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * The `YYYY` of a `YYYY-MM-DD` birthday, from 1900 to `currentYear` (Meta's DOBY range).
 *
 * @example
 * birthYear('1989-11-26', 2026); // '1989'
 */
export const birthYear = (value: unknown, currentYear: number): string | null => {
  const match = typeof value === 'string' ? BIRTHDAY.exec(value.trim()) : null;
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1900 || year > currentYear || month < 1 || month > 12 || day < 1 || day > 31)
    return null;
  return match[1]!;
};
