import type { DookiClock } from './clock.js';

// The only module of core that touches timers: bundlers for hosts without them
// (the n8n node) replace this file with the host's own clock.

/** The default {@link DookiClock}: `setTimeout`, always cleared, so no wait outlives its use. */
export const timerClock: DookiClock = {
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      // The abort reason is passed on as it is: callers turn it into their own error.
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};
