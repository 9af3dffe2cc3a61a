/**
 * Dates in the Dooki API arrive as PHP `DateTime` dumps:
 * `{ date: '2024-01-02 10:20:30.000000', timezone_type: 3, timezone: 'America/Sao_Paulo' }`.
 * The `date` is wall-clock time in `timezone`.
 */
export interface DookiDate {
  /** Null in the API's "no date" objects; written as an empty cell. */
  date: string | null;
  timezone?: string;
  timezone_type?: number;
}

/** Wall-clock fields parsed out of a `DookiDate.date` or a `YYYY-MM-DD` string. */
export interface WallTime {
  year: string;
  month: string;
  day: string;
  time: string | null; // 'HH:MM:SS', null for a date without time
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?/;

/** True for `{ date, timezone, timezone_type }` objects as the API serialises dates. */
export const isDookiDate = (value: unknown): value is DookiDate => {
  if (typeof value !== 'object' || value === null || !('date' in value)) return false;
  const { date } = value;
  return (
    (typeof date === 'string' || date === null) && ('timezone' in value || 'timezone_type' in value)
  );
};

/** Parses `YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]`; null when the text is not a date. */
export const parseWallTime = (text: string): WallTime | null => {
  const match = WALL_TIME.exec(text);
  if (match === null) return null;
  const [, year = '', month = '', day = '', time] = match;
  return { year, month, day, time: time === undefined ? null : time.padEnd(8, ':00') };
};

// Per zone, the offset of each calendar day, computed once: zones change offset at
// most once a day, so a day whose midnight and last second agree has one offset all
// day. Transition days are resolved per timestamp. Keeps Intl off the hot path.
const dayOffsets = new Map<string, Map<string, string | null>>();
const formatters = new Map<string, Intl.DateTimeFormat | null>();
const TRANSITION = 'transition';

const formatterFor = (timeZone: string): Intl.DateTimeFormat | null => {
  if (!formatters.has(timeZone)) {
    try {
      formatters.set(
        timeZone,
        new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }),
      );
    } catch {
      formatters.set(timeZone, null); // unknown zone: dates are written without an offset
    }
  }
  return formatters.get(timeZone) ?? null;
};

const offsetMinutesAt = (formatter: Intl.DateTimeFormat, utcMs: number): number => {
  const name = formatter.formatToParts(utcMs).find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (match === null) return 0; // 'GMT' alone means UTC
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
};

const formatOffset = (minutes: number): string => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};

/** The offset in force at a wall-clock time of a zone, in minutes. */
const wallOffset = (formatter: Intl.DateTimeFormat, wall: WallTime): number => {
  const [hour = 0, minute = 0, second = 0] = (wall.time ?? '00:00:00').split(':').map(Number);
  const wallMs = Date.UTC(
    Number(wall.year),
    Number(wall.month) - 1,
    Number(wall.day),
    hour,
    minute,
    second,
  );
  // Guess with the offset at the wall time read as UTC, then settle on the offset in force there.
  const guess = offsetMinutesAt(formatter, wallMs);
  return offsetMinutesAt(formatter, wallMs - guess * 60_000);
};

const zoneOffset = (wall: WallTime, timeZone: string): string | null => {
  const formatter = formatterFor(timeZone);
  if (formatter === null) return null;
  let days = dayOffsets.get(timeZone);
  if (days === undefined) dayOffsets.set(timeZone, (days = new Map<string, string | null>()));
  const day = `${wall.year}-${wall.month}-${wall.day}`;
  let offset = days.get(day);
  if (offset === undefined) {
    const first = wallOffset(formatter, { ...wall, time: '00:00:00' });
    const last = wallOffset(formatter, { ...wall, time: '23:59:59' });
    offset = first === last ? formatOffset(first) : TRANSITION;
    days.set(day, offset);
  }
  return offset === TRANSITION ? formatOffset(wallOffset(formatter, wall)) : offset;
};

/**
 * The UTC offset (`-03:00`) of a Dooki date, from its `timezone` (type 1 offsets
 * and type 3 IANA names); null when the zone is missing or unknown.
 */
export const offsetOf = (value: DookiDate, wall: WallTime): string | null => {
  const zone = value.timezone;
  if (typeof zone !== 'string' || zone === '') return null;
  if (/^[+-]\d{2}:\d{2}$/.test(zone)) return zone;
  if (zone === 'UTC' || zone === 'Z') return '+00:00';
  return zoneOffset(wall, zone);
};
