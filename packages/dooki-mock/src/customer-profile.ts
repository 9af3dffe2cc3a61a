import { words } from './customer-fields.js';
import { DAY } from './dates.js';
import type { Rng } from './random.js';

const FIRST_SIGNUP = Date.UTC(2019, 0, 1);
const LAST_SIGNUP = Date.UTC(2026, 5, 1);
const FIRST_BIRTHDAY_DAY = Date.UTC(1950, 0, 1) / DAY;

/** The values a customer draws before its first field is written (used all over its JSON). */
export type Profile = ReturnType<typeof drawProfile>;

/** Draws the profile; the order of draws is part of the wire format (test/golden.test.ts). */
export function drawProfile(rng: Rng, id: number) {
  const [firstName, firstAscii] = rng.pick(words.FIRST_NAMES);
  const [lastName, lastAscii] = rng.pick(words.LAST_NAMES);
  const [middleName] = rng.pick(words.LAST_NAMES);
  const [city, uf, ddd] = rng.pick(words.CITIES);
  const isCompany = rng.chance(0.04);
  let mobile = 900_000_000 + rng.range(6, 9) * 10_000_000;
  for (let power = 1_000_000; power >= 1; power /= 10) mobile += rng.int(10) * power;
  // The token's four draws; the third carries the UUID variant bits.
  const tokenA = rng.next();
  const tokenB = rng.next();
  const tokenC = (rng.next() & 0x3fffffff) | 0x80000000;
  const tokenD = rng.next();
  const createdAt = FIRST_SIGNUP + rng.int((LAST_SIGNUP - FIRST_SIGNUP) / 1000) * 1000;
  const updatedAt = createdAt + rng.int(400) * DAY + rng.int(DAY / 1000) * 1000;
  const lastOrder = createdAt + rng.int(500) * DAY + rng.int(DAY / 1000) * 1000;
  return {
    firstName,
    firstAscii,
    lastName,
    lastAscii,
    middleName,
    city,
    uf,
    ddd,
    isCompany,
    mobile,
    mobileText: String(mobile), // written four times: convert once
    tokenA,
    tokenB,
    tokenC,
    tokenD,
    createdAt,
    updatedAt,
    lastOrder,
    emailNumber: rng.chance(0.6) ? id % 1000 : -1,
    emailDomain: rng.pick(words.EMAIL_DOMAINS),
    social: rng.chance(0.12),
    utm: rng.chance(0.4),
    birthdayDay: FIRST_BIRTHDAY_DAY + rng.int(20_000),
    hasBirthday: rng.chance(0.7),
  };
}
