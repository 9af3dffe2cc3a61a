import { UsageError } from './usage-error.js';

/** A whole number within bounds, or a {@link UsageError} naming the flag. */
export function parseInteger(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** `15m`, `30s`, `1h`, `500ms` or plain milliseconds → milliseconds (> 0). */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag}: "${text}" is not a duration like 30s, 15m or 1h`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms']!;
  const ms = Math.round(Number(match[1]) * unit);
  if (ms <= 0) throw new UsageError(`${flag} must be greater than zero`);
  return ms;
}

/** `1,2,3` → distinct positive integer cluster ids. */
export function parseClusterIds(text: string, flag = '--cluster'): number[] {
  const ids = text.split(',').map((part) => part.trim());
  if (ids.some((id) => !/^[1-9]\d*$/.test(id))) {
    throw new UsageError(`${flag} takes positive integer ids separated by commas, got "${text}"`);
  }
  return [...new Set(ids.map(Number))];
}

/** `60/60000` (requests per window in ms) or `off`. */
export function parseRateLimit(
  text: string,
  flag = '--rate-limit',
): { limit: number; windowMs: number } | false {
  if (text === 'off') return false;
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new UsageError(
      `${flag} takes <requests>/<window ms> (e.g. 60/60000) or off, got "${text}"`,
    );
  }
  return { limit: Number(match[1]), windowMs: Number(match[2]) };
}
