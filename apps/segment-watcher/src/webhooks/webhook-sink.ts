import { setTimeout as sleep } from 'node:timers/promises';
import { type DeliveryResult, type EventSink, type OutboxEvent } from '../sinks/sink.js';
import { decodeWebhookSecret, signWebhook } from './standard-webhooks.js';

export interface WebhookSinkOptions {
  url: string;
  /** `whsec_…` shared secret. */
  secret: string;
  /** Per-attempt timeout. Default 15 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt, per event. Default 5. */
  retries?: number;
  /** First backoff; doubles per retry, with jitter. Default 1 000 ms. */
  baseDelayMs?: number;
  /** Backoff cap, also for `Retry-After`. Default 60 000 ms. */
  maxDelayMs?: number;
  /** Returns why the endpoint is disabled, or null. */
  disabledReason?: () => string | null | Promise<string | null>;
  /** Called once when the receiver answers 410 Gone. */
  onDisabled?: (reason: string) => void | Promise<void>;
  signal?: AbortSignal;
}

/** The receiver answered 410 Gone (now or earlier): it asked not to be called again. */
export class WebhookDisabledError extends Error {
  override readonly name = 'WebhookDisabledError';
}

/**
 * Delivers each event as one Standard Webhooks POST, strictly in outbox order (so per-customer
 * order holds). Only a 2xx acknowledges; 410 disables the endpoint; anything else is retried with
 * exponential backoff and full jitter, honouring `Retry-After`.
 *
 * @example
 * const sink = createWebhookSink({ url: 'https://crm.example/hooks', secret: 'whsec_…' });
 */
export function createWebhookSink(options: WebhookSinkOptions): EventSink {
  decodeWebhookSecret(options.secret); // fail fast on a malformed secret
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`webhook URL must be http(s), got ${url.protocol}`);
  }
  return {
    name: `webhook:${url.origin}${url.pathname}`,
    async deliver(events: readonly OutboxEvent[]): Promise<DeliveryResult> {
      for (let index = 0; index < events.length; index++) {
        const disabled = (await options.disabledReason?.()) ?? null;
        if (disabled !== null)
          return { acknowledged: index, error: new WebhookDisabledError(disabled) };
        const error = await deliverOne(options, events[index]!);
        if (error) return { acknowledged: index, error };
      }
      return { acknowledged: events.length };
    },
  };
}

async function deliverOne(options: WebhookSinkOptions, event: OutboxEvent): Promise<Error | null> {
  const retries = options.retries ?? 5;
  let lastError: Error = new Error('not attempted');
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0)
      await sleep(backoff(options, attempt, lastError), undefined, { signal: options.signal });
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': event.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(options.secret, event.id, timestamp, event.body),
        },
        body: event.body,
        signal: timeoutSignal(options),
        redirect: 'manual',
      });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) return null;
      if (response.status === 410) {
        const reason = `receiver answered 410 Gone at ${new Date().toISOString()}`;
        await options.onDisabled?.(reason);
        return new WebhookDisabledError(reason);
      }
      lastError = Object.assign(new Error(`receiver answered HTTP ${response.status}`), {
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      lastError = error instanceof Error ? error : new Error(String(error));
    }
  }
  return new Error(
    `webhook delivery of ${event.id} failed after ${retries + 1} attempts: ${lastError.message}`,
  );
}

function timeoutSignal(options: WebhookSinkOptions): AbortSignal {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  return options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
}

function backoff(options: WebhookSinkOptions, attempt: number, lastError: Error): number {
  const cap = options.maxDelayMs ?? 60_000;
  const hinted = (lastError as { retryAfterMs?: number | null }).retryAfterMs;
  if (typeof hinted === 'number') return Math.min(hinted, cap);
  const ceiling = Math.min(cap, (options.baseDelayMs ?? 1_000) * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function retryAfterMs(value: string | null): number | null {
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
