import { ascii, AsciiWriter } from './ascii-writer.js';
import type { DookiDate } from './customer-types.js';

export const DAY = 86_400_000;

/** `YYYY-MM-DD` of a UTC day number, by arithmetic (Date#toISOString dominated the profile). */
function civilDate(days: number): string {
  // Howard Hinnant's days-to-civil algorithm.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * `dayText` memoised per day as bytes. Every generated date falls in 1950-2030 and each customer
 * writes four, so each day's text is built once (lazily; ~30k days) and then only copied.
 */
function bytesPerDay(dayText: (days: number) => string): (days: number) => Buffer {
  const first = Date.UTC(1950, 0, 1) / DAY;
  const last = Date.UTC(2030, 11, 31) / DAY;
  const notYet = Buffer.alloc(0);
  // Filled up front: sparse writes would turn the array into a slow dictionary.
  const table = new Array<Buffer>(last - first + 1).fill(notYet);
  return (days) => {
    if (days < first || days > last) return ascii(dayText(days));
    let bytes = table[days - first]!;
    if (bytes === notYet) bytes = table[days - first] = ascii(dayText(days));
    return bytes;
  };
}

const civilDateBytes = bytesPerDay(civilDate);
/** The start of a date's JSON up to its time: `{"date":"YYYY-MM-DD `. */
const dateOpenBytes = bytesPerDay((days) => `{"date":"${civilDate(days)} `);
/** `HH:MM:` for each minute of the day. */
const MINUTES = Array.from({ length: 1440 }, (_, m) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return ascii(`${pad(Math.floor(m / 60))}:${pad(m % 60)}:`);
});
const MICROSECONDS = ascii('.000000');
const DATE_CLOSE = ascii('.000000","timezone_type":3,"timezone":"America/Sao_Paulo"}');

/** Writes `YYYY-MM-DD` of a UTC day number. */
export function writeCivilDate(out: AsciiWriter, days: number): void {
  out.bytes(civilDateBytes(days));
}

/** Writes {@link dookiDate} of epoch ms (whole seconds) as JSON text, same bytes as JSON.stringify. */
export function writeDateJson(out: AsciiWriter, ms: number): void {
  const days = Math.floor(ms / DAY);
  const seconds = Math.floor((ms - days * DAY) / 1000);
  out.bytes(dateOpenBytes(days));
  out.bytes(MINUTES[(seconds / 60) | 0]!);
  out.padded(seconds % 60, 2);
  out.bytes(DATE_CLOSE);
}

/** Writes `YYYY-MM-DD HH:MM:SS.000000` of epoch ms (whole seconds), PHP DateTime style. */
function writeDateText(out: AsciiWriter, ms: number): void {
  const days = Math.floor(ms / DAY);
  const seconds = Math.floor((ms - days * DAY) / 1000);
  writeCivilDate(out, days);
  out.text(' ');
  out.bytes(MINUTES[(seconds / 60) | 0]!);
  out.padded(seconds % 60, 2);
  out.bytes(MICROSECONDS);
}

const scratch = new AsciiWriter(64);

/** A PHP DateTime object as the API serialises it. */
export function dookiDate(ms: number): DookiDate {
  scratch.reset();
  writeDateText(scratch, ms);
  return { date: scratch.takeText(), timezone_type: 3, timezone: 'America/Sao_Paulo' };
}
