import type { IDataObject } from 'n8n-workflow';

/**
 * Yampi serializes PHP `DateTime`s as `{ date: 'YYYY-MM-DD HH:MM:SS[.ffffff]', timezone_type,
 * timezone }`: type 1 carries an offset (`-03:00`), type 2 an abbreviation (`UTC`, `BRT`), type 3
 * a zone name (`America/Sao_Paulo`). Workflows want one ISO 8601 string with its offset.
 */
interface PhpDate {
  date: string;
  timezone_type?: unknown;
  timezone?: unknown;
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const UTC_NAMES = new Set(['UTC', 'GMT', 'Z', 'Etc/UTC', 'Etc/GMT']);

function isPhpDate(value: unknown): value is PhpDate {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PhpDate).date === 'string' &&
    'timezone' in value
  );
}

/**
 * A Yampi timestamp as ISO 8601 with its offset, e.g. `2021-03-26T15:32:59-03:00`. A zone whose
 * offset cannot be known here (an abbreviation such as `BRT`, an unknown name) gives the local
 * time without an offset rather than a guessed one; text that is not a timestamp gives null.
 *
 * @example
 * isoDate({ date: '2021-03-26 15:32:59.000000', timezone_type: 3, timezone: 'America/Sao_Paulo' });
 * // '2021-03-26T15:32:59-03:00'
 */
export function isoDate(value: unknown): string | null {
  const date = isPhpDate(value) ? value.date : typeof value === 'string' ? value : undefined;
  const parts = date === undefined ? null : WALL_CLOCK.exec(date.trim());
  if (!parts) return null;
  const [, year, month, day, hour, minute, second, fraction = ''] = parts;
  const digits = fraction.replace(/0+$/, '');
  const local = `${year}-${month}-${day}T${hour}:${minute}:${second}${digits ? `.${digits}` : ''}`;
  if (!isPhpDate(value)) return local;
  const wallMs = Date.UTC(+year!, +month! - 1, +day!, +hour!, +minute!, +second!);
  const offset = offsetMinutes(value.timezone, wallMs);
  return offset === undefined ? local : `${local}${formatOffset(offset)}`;
}

/**
 * A copy of an API record in which every Yampi timestamp object, at any depth, is replaced by
 * {@link isoDate}'s string (the object itself when it cannot be read as a timestamp).
 */
export function withIsoDates<T>(record: T): T {
  if (Array.isArray(record)) return record.map((value: unknown) => withIsoDates(value)) as T;
  if (typeof record !== 'object' || record === null) return record;
  if (isPhpDate(record)) return (isoDate(record) ?? record) as T;
  const copy: IDataObject = {};
  for (const [key, value] of Object.entries(record)) copy[key] = withIsoDates(value) as IDataObject;
  return copy as T;
}

/** The zone's offset from UTC, in minutes, at the given wall-clock time; undefined if unknown. */
function offsetMinutes(zone: unknown, wallMs: number): number | undefined {
  if (typeof zone !== 'string' || zone.trim() === '') return undefined;
  const name = zone.trim();
  if (UTC_NAMES.has(name)) return 0;
  const fixed = OFFSET.exec(name);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  // Only IANA names (with a '/') are trusted: Intl also accepts some abbreviations, which are
  // ambiguous (CST is three different zones).
  if (!name.includes('/')) return undefined;
  try {
    // The offset at the wall time read as UTC is right except within a DST shift of the
    // answer; a second look at the corrected instant settles it.
    const first = zoneOffsetAt(name, wallMs);
    return zoneOffsetAt(name, wallMs - first * 60_000);
  } catch {
    return undefined;
  }
}

function zoneOffsetAt(zone: string, utcMs: number): number {
  const label = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(utcMs)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(label ?? '');
  if (!match) throw new RangeError(`unreadable offset ${String(label)}`);
  if (match[1] === undefined) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}
