// The sections of a customer's JSON after its identity, in the real API's field order. Each
// continues the customer's draw sequence, so they must run in this order (see customer.ts).
import type { AsciiWriter } from './ascii-writer.js';
import {
  words,
  writeFormattedPhone,
  writeOptional,
  writeSome,
  writeUuid,
} from './customer-fields.js';
import { F } from './customer-fragments.js';
import type { Profile } from './customer-profile.js';
import { writeCivilDate, writeDateJson } from './dates.js';
import { writeCnpj } from './documents.js';
import type { Rng } from './random.js';

/** `spreadsheet.data` (from its first value): the store's custom customer columns. */
export function writeSpreadsheet(out: AsciiWriter, rng: Rng, p: Profile): void {
  writeSome(out, rng, words.BRANDS, 3);
  out.bytes(F.city);
  out.bytes(p.city);
  out.bytes(F.purchasedBrands);
  writeSome(out, rng, words.BRANDS, 2);
  out.bytes(F.lastOrderDate);
  writeDateJson(out, p.lastOrder);
  out.bytes(F.lastOrderValue);
  // Cents as `reais.centavos`: the same digits as (cents / 100).toFixed(2), without floats.
  const cents = rng.range(1990, 149_990);
  out.uint(Math.floor(cents / 100));
  out.text('.');
  out.padded(cents % 100, 2);
  out.bytes(F.purchasedCategories);
  writeSome(out, rng, words.CATEGORIES, 2);
  out.bytes(F.number);
  out.uint(rng.range(1, 3999));
  out.bytes(F.uf);
  out.bytes(p.uf);
  out.bytes(F.sheetPhone);
  writeFormattedPhone(out, p.ddd, p.mobile);
  out.bytes(F.street);
  out.bytes(rng.pick(words.STREETS));
  out.bytes(F.phoneNumber);
  out.text(p.mobileText);
  out.bytes(F.categories);
  writeSome(out, rng, words.CATEGORIES, 3);
  out.bytes(F.neighborhood);
  out.bytes(rng.pick(words.NEIGHBORHOODS));
  out.bytes(F.complement);
  if (rng.chance(0.5)) out.bytes(rng.pick(words.COMPLEMENTS));
  out.bytes(F.phoneCode);
  out.bytes(p.ddd);
}

/** `phone` (from its first value): pure formatting of the drawn number, no draws. */
export function writePhone(out: AsciiWriter, p: Profile): void {
  out.bytes(F.areaCode);
  out.bytes(p.ddd);
  out.bytes(F.fullNumber);
  out.bytes(p.ddd);
  out.text(p.mobileText);
  out.bytes(F.phoneNumberShort);
  out.text(p.mobileText);
  out.bytes(F.formatedNumber);
  writeFormattedPhone(out, p.ddd, p.mobile);
  out.bytes(F.whatsappLink);
  out.bytes(p.ddd);
  out.text(p.mobileText);
}

/** From `razao_social` to the end of the object. */
export function writeContact(out: AsciiWriter, rng: Rng, p: Profile, alias: string): void {
  if (p.isCompany) {
    out.bytes(F.razaoSocial);
    out.bytes(p.lastName);
    out.text(' ');
    out.bytes(rng.pick(words.COMPANY_SUFFIXES));
    out.bytes(F.cnpj);
    writeCnpj(out, rng);
    out.bytes(F.stateRegistration);
    for (let i = 0; i < 12; i++) out.digit(rng.int(10));
    out.bytes(F.email);
  } else {
    out.bytes(F.personEmail);
  }
  out.bytes(p.firstAscii);
  out.text('.');
  out.bytes(p.lastAscii);
  if (p.emailNumber >= 0) out.uint(p.emailNumber);
  out.text('@');
  out.bytes(p.emailDomain);
  out.bytes(F.birthday);
  if (p.hasBirthday) {
    out.text('"');
    writeCivilDate(out, p.birthdayDay);
    out.text('"');
  } else out.bytes(F.null);
  out.bytes(rng.chance(0.55) ? F.newsletter : F.noNewsletter);
  out.bytes(rng.chance(0.45) ? F.whatsapp : F.noWhatsapp);
  out.bytes(F.socialDriver);
  if (p.social) {
    writeOptional(out, rng.pick(words.SOCIAL_DRIVERS));
    out.bytes(F.socialId);
    out.uint(100_000_000 + rng.int(900_000_000));
  } else out.bytes(F.noSocialId);
  out.bytes(F.ip);
  out.uint(rng.pick(words.IP_PREFIXES));
  out.text('.');
  out.uint(rng.int(256));
  out.text('.');
  out.uint(rng.int(256));
  out.text('.');
  out.uint(rng.range(1, 254));
  out.bytes(F.token);
  writeUuid(out, p.tokenA, p.tokenB, p.tokenC, p.tokenD);
  out.bytes(F.utmSource);
  writeOptional(out, p.utm ? rng.pick(words.UTM_SOURCES) : undefined);
  out.bytes(F.utmCampaign);
  writeOptional(out, p.utm && rng.chance(0.7) ? rng.pick(words.UTM_CAMPAIGNS) : undefined);
  out.bytes(F.notes);
  writeOptional(out, rng.chance(0.1) ? rng.pick(words.NOTES) : undefined);
  out.bytes(F.loginUrl);
  out.text(alias);
  out.bytes(F.loginPath);
  writeUuid(out, p.tokenA, p.tokenB, p.tokenC, p.tokenD);
  out.bytes(F.createdAt);
  writeDateJson(out, p.createdAt);
  out.bytes(F.updatedAt);
  writeDateJson(out, p.updatedAt);
  out.text('}');
}
