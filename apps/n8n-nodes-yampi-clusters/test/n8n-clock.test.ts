import { describe, expect, it, vi } from 'vitest';
import { sleep, sleepWithAbort } from 'n8n-workflow';
import type { DookiClock } from '@clusterstream/core';
import { createN8nClock } from '../nodes/shared/n8n-clock';
import { createIntervalProvider, createTimeoutProvider } from '../nodes/shared/rxjs-timers';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('the n8n clock', () => {
  it("waits on n8n-workflow's sleepWithAbort when the host has it (n8n 1.x, 2.8)", async () => {
    const helpers = { sleep: vi.fn(sleep), sleepWithAbort: vi.fn(sleepWithAbort) };
    const signal = new AbortController().signal;
    await createN8nClock(helpers).sleep(5, signal);
    expect(helpers.sleepWithAbort).toHaveBeenCalledWith(5, signal);
    expect(helpers.sleep).not.toHaveBeenCalled();
  });

  it("rejects with the signal's own reason, not n8n's cancellation error", async () => {
    const controller = new AbortController();
    const waiting = createN8nClock({ sleep, sleepWithAbort }).sleep(60_000, controller.signal);
    const reason = new Error('scan cancelled');
    controller.abort(reason);
    expect(await rejection(waiting)).toBe(reason);
  });

  it('rejects at once when the signal is already aborted, without waiting', async () => {
    const helpers = { sleep: vi.fn(sleep), sleepWithAbort: vi.fn(sleepWithAbort) };
    const reason = new Error('already over');
    expect(await rejection(createN8nClock(helpers).sleep(60_000, AbortSignal.abort(reason)))).toBe(
      reason,
    );
    expect(helpers.sleepWithAbort).not.toHaveBeenCalled();
  });

  it('falls back to sleep(ms, signal) where sleepWithAbort is gone (n8n 2.41)', async () => {
    const helpers = { sleep: vi.fn(sleep) };
    const signal = new AbortController().signal;
    await createN8nClock(helpers).sleep(5, signal);
    expect(helpers.sleep).toHaveBeenCalledWith(5, signal);
  });

  it('ends on abort even over a host sleep that cannot be aborted', async () => {
    // n8n-workflow 2.8's `sleep(ms)` ignores a signal: the clock must not wait it out.
    const controller = new AbortController();
    const waiting = createN8nClock({ sleep }).sleep(1_000, controller.signal);
    const reason = new Error('limit reached');
    controller.abort(reason);
    expect(await rejection(waiting)).toBe(reason);
  });
});

/** A clock whose waits end only when the test says so, counting them. */
function manualClock() {
  const waits: { ms: number; signal: AbortSignal; end: () => void }[] = [];
  const clock: DookiClock = {
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('cleared')), { once: true });
        waits.push({ ms, signal, end: resolve });
      }),
  };
  return { clock, waits };
}

describe("rxjs's timer providers without timers", () => {
  it('setTimeout runs the handler with its arguments once the clock has waited', async () => {
    const { clock, waits } = manualClock();
    const handler = vi.fn();
    createTimeoutProvider(clock).setTimeout(handler, 250, 'a', 1);
    expect(waits.map((wait) => wait.ms)).toEqual([250]);
    expect(handler).not.toHaveBeenCalled();
    waits[0]!.end();
    await vi.waitUntil(() => handler.mock.calls.length > 0);
    expect(handler).toHaveBeenCalledWith('a', 1);
  });

  it('clearTimeout cancels the wait and the handler never runs', async () => {
    const { clock, waits } = manualClock();
    const handler = vi.fn();
    const provider = createTimeoutProvider(clock);
    provider.clearTimeout(provider.setTimeout(handler));
    expect(waits[0]!.signal.aborted).toBe(true);
    waits[0]!.end();
    await new Promise((resolve) => setImmediate(resolve)); // every microtask has run
    expect(handler).not.toHaveBeenCalled();
  });

  it('setInterval runs the handler after every wait until cleared', async () => {
    const { clock, waits } = manualClock();
    const handler = vi.fn();
    const provider = createIntervalProvider(clock);
    const handle = provider.setInterval(handler, 100);
    for (let tick = 1; tick <= 3; tick += 1) {
      waits.at(-1)!.end();
      await vi.waitUntil(() => handler.mock.calls.length === tick && waits.length === tick + 1);
    }
    provider.clearInterval(handle);
    expect(waits.at(-1)!.signal.aborted).toBe(true);
    expect(waits.every((wait) => wait.ms === 100)).toBe(true);
  });
});
