import type { DookiDate } from './customer-types.js';

export const DAY = 86_400_000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD` of a UTC day number, by arithmetic (Date#toISOString dominated the profile). */
export function civilDate(days: number): string {
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
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** `YYYY-MM-DD HH:MM:SS.000000` of epoch milliseconds (whole seconds), PHP DateTime style. */
function dateText(ms: number): string {
  const days = Math.floor(ms / DAY);
  const seconds = Math.floor((ms - days * DAY) / 1000);
  const time = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  return `${civilDate(days)} ${time}.000000`;
}

/** A PHP DateTime object as the API serialises it. */
export function dookiDate(ms: number): DookiDate {
  return { date: dateText(ms), timezone_type: 3, timezone: 'America/Sao_Paulo' };
}

/** {@link dookiDate} as JSON text (same bytes as JSON.stringify of it). */
export function dateJson(ms: number): string {
  return `{"date":"${dateText(ms)}","timezone_type":3,"timezone":"America/Sao_Paulo"}`;
}
