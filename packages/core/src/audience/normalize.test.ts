import { describe, expect, it } from 'vitest';
import { birthYear, googleEmail, lettersOnly, lowerCaseName, normalizeEmail } from './normalize.js';

describe('normalizeEmail', () => {
  it.each([
    ['  Ana.Silva@Example.COM ', 'ana.silva@example.com'],
    ['\tJOAO@UOL.COM.BR\n', 'joao@uol.com.br'],
    ['user.name+NYC@Example.com', 'user.name+nyc@example.com'], // Google's Data Manager example
    ['mary@example.com', 'mary@example.com'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    ['ana silva@example.com'],
    ['no-at-sign.com'],
    ['ana@localhost'],
    [''],
    ['  '],
    [null],
    [42],
  ])('refuses %j rather than repair it', (input) => {
    expect(normalizeEmail(input)).toBeNull();
  });
});

describe('googleEmail (Google Data Manager API, "Format user data")', () => {
  it.each([
    // The guide's two examples: a Gmail address loses its dots and +tag, another domain keeps both.
    ['cloudy.sanfrancisco+shopping@gmail.com', 'cloudysanfrancisco@gmail.com'],
    ['user.name+NYC@Example.com', 'user.name+nyc@example.com'],
    // The same rule for googlemail.com, and for an upper-case domain once it is lower-cased.
    ['Cloudy.SanFrancisco+Shopping@GoogleMail.com', 'cloudysanfrancisco@googlemail.com'],
    ['Jose.Davila@GMAIL.com', 'josedavila@gmail.com'],
    // "Trim leading, trailing, and intermediate whitespace."
    ['  ana silva@example.com ', 'anasilva@example.com'],
    ['jose. davila @gmail.com', 'josedavila@gmail.com'],
    // Only the mailbox domain itself: a subdomain or a look-alike is another provider.
    ['ana.silva@mail.gmail.com.br', 'ana.silva@mail.gmail.com.br'],
    ['ana.silva+x@notgmail.com', 'ana.silva+x@notgmail.com'],
  ])('%j → %s', (input, expected) => {
    expect(googleEmail(input)).toBe(expected);
  });

  it.each([
    ['+tag@gmail.com'],
    ['...@gmail.com'],
    ['no-at-sign.com'],
    ['ana@localhost'],
    ['  '],
    [null],
  ])('refuses %j rather than repair it', (input) => {
    expect(googleEmail(input)).toBeNull();
  });

  it("leaves Meta's rule alone: dots and +tags stay, a space inside is still refused", () => {
    expect(normalizeEmail('Jose.Davila+promo@GMAIL.com')).toBe('jose.davila+promo@gmail.com');
    expect(normalizeEmail('ana silva@example.com')).toBeNull();
  });
});

describe('lettersOnly (Meta names, city, state)', () => {
  it.each([
    ['Aline', 'aline'],
    ['Alves Moreira', 'alvesmoreira'],
    ["D'Ávila", 'dávila'],
    ['JOÃO', 'joão'],
    ['Joa\u0303o', 'joão'], // decomposed input gives the composed bytes
    ['São Paulo', 'sãopaulo'],
    ['ES', 'es'],
    ['Mary-Jane 2nd.', 'maryjanend'],
  ])('%j → %s', (input, expected) => {
    expect(lettersOnly(input)).toBe(expected);
  });

  it('is null when no letter is left', () => {
    expect(lettersOnly('--- 123')).toBeNull();
    expect(lettersOnly(undefined)).toBeNull();
  });
});

describe('lowerCaseName (Google names)', () => {
  it.each([
    ['  Alves   Moreira ', 'alves moreira'],
    ['ZOË', 'zoë'],
    ["D'Ávila", "d'ávila"],
  ])('%j → %s', (input, expected) => {
    expect(lowerCaseName(input)).toBe(expected);
  });
});

describe('birthYear (Meta doby)', () => {
  it('keeps YYYY from a YYYY-MM-DD birthday in 1900..current year', () => {
    expect(birthYear('1989-11-26', 2026)).toBe('1989');
    expect(birthYear('1900-01-01', 2026)).toBe('1900');
    expect(birthYear('2026-05-01', 2026)).toBe('2026');
  });

  it.each([['1899-12-31'], ['2027-01-01'], ['1989-13-01'], ['26/11/1989'], [''], [null]])(
    'refuses %j',
    (input) => {
      expect(birthYear(input, 2026)).toBeNull();
    },
  );
});
