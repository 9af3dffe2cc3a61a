/**
 * What core waits on: retry backoff, rate-limit waits and request timeouts all go through
 * one `sleep`. Hosts that forbid timers (n8n's verified community nodes) plug in their own.
 *
 * @example
 * ```ts
 * import { sleepWithAbort } from 'n8n-workflow';
 * createDookiClient({ ...options, clock: { sleep: (ms, signal) => sleepWithAbort(ms, signal) } });
 * ```
 */
export interface DookiClock {
  /** Resolves after `ms`; rejects (with the signal's reason) as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}
