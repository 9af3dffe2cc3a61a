import type { DookiEvent } from './events.js';

/** A wait at least this long is shown even by a quiet display: it must never look like a hang. */
export const LONG_WAIT_MS = 5_000;

/** `0.8s`, `12s`, `3m05s`, `25h40m`: short waits keep their decimal, long ones their unit. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * The wait an event announces, in words (a rate-limit wait or a retry backoff), or null.
 * Every CLI shows long waits with it, so a slow scan never looks hung.
 *
 * @example
 * ```ts
 * createDookiClient({ ...options, onEvent: (event) => {
 *   const wait = describeWait(event);
 *   if (wait && wait.delayMs >= LONG_WAIT_MS) console.error(wait.text); // "waiting 54s for the rate limit"
 * } });
 * ```
 */
export function describeWait(event: DookiEvent): { text: string; delayMs: number } | null {
  if (event.type === 'rate-limit-wait') {
    return {
      text: `waiting ${formatDuration(event.delayMs)} for the rate limit`,
      delayMs: event.delayMs,
    };
  }
  if (event.type === 'retry') {
    const what = event.status === undefined ? event.reason : `HTTP ${event.status}`;
    return {
      text: `${what}, retry ${event.attempt} in ${formatDuration(event.delayMs)}`,
      delayMs: event.delayMs,
    };
  }
  return null;
}
