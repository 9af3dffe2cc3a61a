import { randomCnpj, randomCpf } from './documents.js';
import { jsonText } from './php-json.js';
import * as plain from './pt-br-data.js';
import { hash32, Rng } from './random.js';
import type { Customer, CustomerContext } from './customer-types.js';
import { civilDate, DAY, dateJson } from './dates.js';

const FIRST_SIGNUP = Date.UTC(2019, 0, 1);
const LAST_SIGNUP = Date.UTC(2026, 5, 1);

// Word lists as JSON-ready text, escaped once at load so generation only concatenates.
const words = {
  ...plain,
  FIRST_NAMES: plain.FIRST_NAMES.map(([name, ascii]) => [jsonText(name), ascii] as const),
  LAST_NAMES: plain.LAST_NAMES.map(([name, ascii]) => [jsonText(name), ascii] as const),
  CITIES: plain.CITIES.map(([city, uf, ddd]) => [jsonText(city), uf, ddd] as const),
  STREETS: plain.STREETS.map(jsonText),
  NEIGHBORHOODS: plain.NEIGHBORHOODS.map(jsonText),
  BRANDS: plain.BRANDS.map(jsonText),
  CATEGORIES: plain.CATEGORIES.map(jsonText),
  NOTES: plain.NOTES.map(jsonText),
  COMPANY_SUFFIXES: plain.COMPANY_SUFFIXES.map(jsonText),
  COMPLEMENTS: plain.COMPLEMENTS.map(jsonText),
};

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex8 = (n: number): string =>
  HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;

/** A version-4 UUID drawn from the generator. */
function uuid(rng: Rng): string {
  const a = hex8(rng.next());
  const b = hex8(rng.next());
  const c = hex8((rng.next() & 0x3fffffff) | 0x80000000);
  const d = hex8(rng.next());
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

function pickSome(rng: Rng, items: readonly string[], max: number): string {
  const count = rng.range(1, max);
  const chosen = new Set<string>();
  for (let i = 0; i < count; i++) chosen.add(rng.pick(items));
  return [...chosen].join(', ');
}

/**
 * Customer `id` as served (JSON text): a pure function of (seed, id) plus the cluster it belongs to
 * now. Nothing is stored, so a cluster of millions costs no memory. Built as text directly because
 * object + JSON.stringify was the simulator's bottleneck when streaming millions of customers.
 */
export function customerJson(
  context: CustomerContext,
  id: number,
  clusterId: number | null,
): string {
  const rng = new Rng(hash32(context.seed, id, 0xc0ffee));
  const [firstName, firstAscii] = rng.pick(words.FIRST_NAMES);
  const [lastName, lastAscii] = rng.pick(words.LAST_NAMES);
  const [middleName] = rng.pick(words.LAST_NAMES);
  const [city, uf, ddd] = rng.pick(words.CITIES);
  const isCompany = rng.chance(0.04);
  const mobile = `9${rng.range(6, 9)}${rng.digits(7)}`;
  const formatted = `(${ddd}) ${mobile.slice(0, 5)}-${mobile.slice(5)}`;
  const token = uuid(rng);
  const createdAt = FIRST_SIGNUP + rng.int((LAST_SIGNUP - FIRST_SIGNUP) / 1000) * 1000;
  const updatedAt = createdAt + rng.int(400) * DAY + rng.int(DAY / 1000) * 1000;
  const lastOrder = createdAt + rng.int(500) * DAY + rng.int(DAY / 1000) * 1000;
  const email = `${firstAscii}.${lastAscii}${rng.chance(0.6) ? String(id % 1000) : ''}@${rng.pick(words.EMAIL_DOMAINS)}`;
  const social = rng.chance(0.12);
  const utm = rng.chance(0.4);
  const birthdayMs = Date.UTC(1950, 0, 1) + rng.int(20_000) * DAY;
  const hasBirthday = rng.chance(0.7);
  const str = (value: string | null): string => (value === null ? 'null' : `"${value}"`);
  // Every interpolated string is JSON-ready by construction (escaped word lists, digits, hex and
  // the validated alias), so the text is ASCII-only like PHP's json_encode output.
  return (
    `{"id":${id},"merchant_id":${context.merchantId},"marketplace_id":null,` +
    `"active":${rng.chance(0.97)},"type":"${isCompany ? 'j' : 'f'}","cluster_id":${clusterId},` +
    `"name":"${firstName} ${middleName} ${lastName}","first_name":"${firstName}",` +
    `"last_name":"${middleName} ${lastName}","generic_name":"${firstName}",` +
    `"cpf":${str(isCompany ? null : randomCpf(rng))},"spreadsheet":{"data":{` +
    `"brands":"${pickSome(rng, words.BRANDS, 3)}","city":"${city}",` +
    `"purchased_brands":"${pickSome(rng, words.BRANDS, 2)}",` +
    `"last_order_date":${dateJson(lastOrder)},` +
    `"last_order_value":"${(rng.range(1990, 149_990) / 100).toFixed(2)}",` +
    `"purchased_categories":"${pickSome(rng, words.CATEGORIES, 2)}",` +
    `"number":"${rng.range(1, 3999)}","uf":"${uf}","phone":"${formatted}",` +
    `"street":"${rng.pick(words.STREETS)}","phone_number":"${mobile}",` +
    `"categories":"${pickSome(rng, words.CATEGORIES, 3)}",` +
    `"neighborhood":"${rng.pick(words.NEIGHBORHOODS)}",` +
    `"complement":"${rng.chance(0.5) ? rng.pick(words.COMPLEMENTS) : ''}","phone_code":"${ddd}"}},` +
    `"phone":{"area_code":"${ddd}","full_number":"${ddd}${mobile}","number":"${mobile}",` +
    `"formated_number":"${formatted}",` +
    `"whatsapp_link":"https://api.whatsapp.com/send?phone=55${ddd}${mobile}"},` +
    `"razao_social":${str(isCompany ? `${lastName} ${rng.pick(words.COMPANY_SUFFIXES)}` : null)},` +
    `"cnpj":${str(isCompany ? randomCnpj(rng) : null)},` +
    `"state_registration":${str(isCompany ? rng.digits(12) : null)},"email":"${email}",` +
    `"birthday":${str(hasBirthday ? civilDate(Math.floor(birthdayMs / DAY)) : null)},` +
    `"newsletter":${rng.chance(0.55)},"whatsapp":${rng.chance(0.45)},` +
    `"social_driver":${str(social ? rng.pick(words.SOCIAL_DRIVERS) : null)},` +
    `"social_id":${social ? 100_000_000 + rng.int(900_000_000) : null},` +
    `"ip":"${rng.pick(words.IP_PREFIXES)}.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}",` +
    `"token":"${token}","utm_source":${str(utm ? rng.pick(words.UTM_SOURCES) : null)},` +
    `"utm_campaign":${str(utm && rng.chance(0.7) ? rng.pick(words.UTM_CAMPAIGNS) : null)},` +
    `"notes":${str(rng.chance(0.1) ? rng.pick(words.NOTES) : null)},` +
    `"login_url":"https://${context.alias}.lojavirtual.com.br/auth/login/force?token=${token}",` +
    `"anonymized":false,"created_at":${dateJson(createdAt)},"updated_at":${dateJson(updatedAt)}}`
  );
}

/** The customer object exactly as served: the parsed {@link customerJson}. */
export function generateCustomer(
  context: CustomerContext,
  id: number,
  clusterId: number | null,
): Customer {
  return JSON.parse(customerJson(context, id, clusterId)) as Customer;
}
