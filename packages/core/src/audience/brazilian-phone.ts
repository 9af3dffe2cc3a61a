/**
 * Brazil's area codes (DDD) in use, from ANATEL's numbering plan. A number whose area code is
 * not one of them is not a Brazilian phone we can vouch for.
 */
const AREA_CODES = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43,
  44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77,
  79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
]);

const BRAZIL = '55';
// Digits, spaces and the usual punctuation, with an optional leading "+". Letters (an
// extension, "ramal", a note) mean the text is not just a phone number.
const PHONE_TEXT = /^\+?[\d\s().-]+$/;

/** Area code + subscriber number (10 or 11 digits) when it is a valid Brazilian number. */
const nationalNumber = (digits: string): string | null => {
  if (digits.length !== 10 && digits.length !== 11) return null;
  if (!AREA_CODES.has(Number(digits.slice(0, 2)))) return null;
  const subscriber = digits.slice(2);
  // Mobiles have 9 digits starting with 9. 8 digits: a landline (2-5) or a mobile stored
  // before the 9th digit was added (6-9), kept as stored: adding the 9 would be a guess.
  if (subscriber.length === 9) return subscriber.startsWith('9') ? digits : null;
  return /^[2-9]/.test(subscriber) ? digits : null;
};

/**
 * A phone number as digits with the country code and no `+` (`5511987654321`), or null when
 * the text cannot be read as a phone number without guessing.
 *
 * Accepted: area code + number with or without the 9th digit and with any punctuation
 * (`(11) 98765-4321`, `11 3456-7890`), with `+55`/`55`/`0055`, with the national trunk prefix
 * (`011 ...`, `0 21 11 ...` with a carrier code), and numbers of other countries written with
 * `+` or `00` and their country code. Everything else (letters, wrong lengths, unknown area
 * codes, a 9-digit number that does not start with 9) is refused.
 *
 * @example
 * normalizeBrazilianPhone('(11) 98765-4321'); // '5511987654321'
 * normalizeBrazilianPhone('+55 11 3456-7890'); // '551134567890'
 * normalizeBrazilianPhone('98765-4321'); // null: no area code
 */
export const normalizeBrazilianPhone = (text: string): string | null => {
  const trimmed = text.trim();
  if (!PHONE_TEXT.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  let international = trimmed.startsWith('+');
  if (!international && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  if (international) {
    if (digits.startsWith(BRAZIL)) {
      const national = nationalNumber(digits.slice(2));
      return national === null ? null : BRAZIL + national;
    }
    // Another country, written in full: E.164 allows up to 15 digits and no leading 0.
    return /^[1-9]\d{7,14}$/.test(digits) ? digits : null;
  }
  if (digits.startsWith('0')) {
    digits = digits.slice(1);
    // 0 + carrier selection code (2 digits) + area code + number.
    if (digits.length === 12 || digits.length === 13) digits = digits.slice(2);
    const national = nationalNumber(digits);
    return national === null ? null : BRAZIL + national;
  }
  if (digits.length === 12 || digits.length === 13) {
    if (!digits.startsWith(BRAZIL)) return null;
    const national = nationalNumber(digits.slice(2));
    return national === null ? null : BRAZIL + national;
  }
  const national = nationalNumber(digits);
  return national === null ? null : BRAZIL + national;
};
