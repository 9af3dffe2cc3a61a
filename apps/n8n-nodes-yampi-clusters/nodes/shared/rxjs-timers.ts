// Timer-free stand-ins for rxjs's `timeoutProvider` and `intervalProvider`, which
// scripts/build.mjs puts in place of rxjs's own modules in the bundles: those call
// `setTimeout` / `setInterval`, which n8n's community-package scanner rejects. Same shape
// and behaviour, but the waiting goes through the host's n8n-workflow `sleep`.
import type { DookiClock } from '@clusterstream/core';
import { n8nClock } from './n8n-clock';

type Handler = (...args: unknown[]) => void;

/** What the providers hand out as a timer id: cancelling it ends the wait. */
export type TimerHandle = AbortController;

/**
 * rxjs's `timeoutProvider`: runs `handler` once after `timeout` ms. rxjs uses it to
 * rethrow an error no subscriber handled (`reportUnhandledError`), outside the current
 * stack. The handler runs in a microtask of its own, so what it throws is an uncaught
 * exception, as it is from a `setTimeout` callback.
 */
export function createTimeoutProvider(clock: DookiClock) {
  return {
    setTimeout(handler: Handler, timeout = 0, ...args: unknown[]): TimerHandle {
      const handle = new AbortController();
      clock.sleep(timeout, handle.signal).then(
        () => queueMicrotask(() => runUnlessCleared(handle, handler, args)),
        () => undefined, // cleared before it fired
      );
      return handle;
    },
    clearTimeout(handle: TimerHandle | undefined): void {
      handle?.abort();
    },
    delegate: undefined,
  };
}

/**
 * rxjs's `intervalProvider`: runs `handler` every `timeout` ms until cleared. rxjs's async
 * schedulers (`delay`, `timer`, ...) use it; the nodes use none today, so it ships only if
 * that changes.
 */
export function createIntervalProvider(clock: DookiClock) {
  return {
    setInterval(handler: Handler, timeout = 0, ...args: unknown[]): TimerHandle {
      const handle = new AbortController();
      const tick = (): void => {
        clock.sleep(timeout, handle.signal).then(
          () => {
            queueMicrotask(() => runUnlessCleared(handle, handler, args));
            tick();
          },
          () => undefined, // cleared
        );
      };
      tick();
      return handle;
    },
    clearInterval(handle: TimerHandle | undefined): void {
      handle?.abort();
    },
    delegate: undefined,
  };
}

/** Like a timer callback: nothing runs once its timer is cleared. */
function runUnlessCleared(handle: TimerHandle, handler: Handler, args: unknown[]): void {
  if (!handle.signal.aborted) handler(...args);
}

// Pure: a bundle that needs only one of them carries only that one.
export const timeoutProvider = /* @__PURE__ */ createTimeoutProvider(n8nClock);
export const intervalProvider = /* @__PURE__ */ createIntervalProvider(n8nClock);
