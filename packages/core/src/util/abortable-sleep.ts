import { DookiAbortedError } from '../errors/aborted-error.js';
import { isDookiError } from '../errors/dooki-error.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

/** The error a cancelled operation rejects with: the signal's reason if it is ours, else an AbortedError. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (isDookiError(reason)) return reason;
  return new DookiAbortedError('The Dooki request was cancelled', { cause: reason });
}

/**
 * Resolves after `ms`, early when a function in `wakers` is called, and rejects at once
 * when `signal` aborts. It always clears its timer and listener, so an abandoned wait
 * never keeps the process alive.
 */
export function sleep(ms: number, signal: AbortSignal, wakers?: Set<() => void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    const cleanup = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      wakers?.delete(wake);
    };
    const wake = (): void => {
      cleanup();
      resolve();
    };
    const onAbort = (): void => {
      cleanup();
      reject(abortError(signal));
    };
    const timer = setTimeout(wake, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    signal.addEventListener('abort', onAbort, { once: true });
    wakers?.add(wake);
  });
}
