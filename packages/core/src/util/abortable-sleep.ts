import type { DookiClock } from '../clock/clock.js';
import { DookiAbortedError } from '../errors/error-tree.js';
import { isDookiError } from '../errors/dooki-error.js';

const MAX_TIMER_MS = 2 ** 31 - 1;
const WOKEN = Symbol('woken');

/** The error a cancelled operation rejects with: the signal's reason if it is ours, else an AbortedError. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (isDookiError(reason)) return reason;
  return new DookiAbortedError('The Dooki request was cancelled', { cause: reason });
}

/**
 * Waits `ms` on `clock`, resolves early when a function in `wakers` is called, and rejects
 * at once when `signal` aborts. The clock's wait is always cancelled when this one ends,
 * so an abandoned wait never keeps the process alive.
 */
export async function sleep(
  clock: DookiClock,
  ms: number,
  signal: AbortSignal,
  wakers?: Set<() => void>,
): Promise<void> {
  if (signal.aborted) throw abortError(signal);
  const own = new AbortController();
  const onAbort = (): void => own.abort(signal.reason);
  const wake = (): void => own.abort(WOKEN);
  signal.addEventListener('abort', onAbort, { once: true });
  wakers?.add(wake);
  try {
    await clock.sleep(Math.min(Math.max(0, ms), MAX_TIMER_MS), own.signal);
  } catch (error) {
    if (own.signal.reason === WOKEN) return;
    if (signal.aborted) throw abortError(signal);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    wakers?.delete(wake);
    // Ends the clock's wait when it resolved by itself too (a no-op then).
    if (!own.signal.aborted) own.abort(WOKEN);
  }
}
