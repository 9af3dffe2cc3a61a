import type { DookiClock } from '@clusterstream/core';
import * as workflow from 'n8n-workflow';

/**
 * The sleep helpers n8n-workflow exports, as they differ across host versions:
 * - 1.x and 2.x up to at least 2.8: `sleep(ms)` and `sleepWithAbort(ms, signal)`;
 * - 2.41: `sleep(ms, signal?)` only (abortable), no `sleepWithAbort`.
 */
export interface N8nSleepHelpers {
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  sleepWithAbort?(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * A core clock that waits on the host's n8n-workflow helpers instead of timers of its own,
 * so the bundles pass n8n's community-package scanner (no `setTimeout` in shipped code).
 * Read at call time, so it follows whichever n8n-workflow the host provides.
 *
 * It keeps core's clock contract on every host: it rejects with the signal's reason itself
 * as soon as the signal aborts (n8n's `sleepWithAbort` rejects with its own cancellation
 * error, and a `sleep` without abort support would not reject at all).
 *
 * @example
 * createDookiClient({ ...options, clock: createN8nClock(n8nWorkflow) });
 */
export function createN8nClock(helpers: N8nSleepHelpers): DookiClock {
  return {
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) {
          reject(reasonOf(signal));
          return;
        }
        const onAbort = (): void => reject(reasonOf(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        const wait = helpers.sleepWithAbort
          ? helpers.sleepWithAbort(ms, signal)
          : helpers.sleep(ms, signal);
        wait.then(
          () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(signal.aborted ? reasonOf(signal) : toError(error));
          },
        );
      }),
  };
}

/** The clock the nodes give core: n8n-workflow's helpers from the running host. */
export const n8nClock: DookiClock = createN8nClock(workflow);

/**
 * The abort reason, passed through untouched as core's clock contract asks (core tells its
 * own early wake-ups apart by it); typed as the Error it is whenever a host aborts.
 */
function reasonOf(signal: AbortSignal): Error {
  return signal.reason as Error;
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
