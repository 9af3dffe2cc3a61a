import type { DookiErrorDetails } from '../errors/dooki-error.js';
import { DookiBadPageError } from '../errors/bad-page-error.js';
import { DookiNetworkError } from '../errors/network-error.js';
import { DookiTimeoutError } from '../errors/timeout-error.js';
import type { RateLimiter, RateLimitTicket } from '../rate-limit/rate-limiter.js';
import { abortError } from '../util/abortable-sleep.js';
import { errorFromResponse } from './error-from-response.js';
import type { RateLimitInfo } from './events.js';
import { parseRetryAfter, withJitter } from './retry-timing.js';
import type { DecodedResponse, RequestContext, RequestSpec } from './send-request.js';
import { headerValue, type TransportResponse } from './transport.js';

interface AttemptState {
  signal: AbortSignal;
  limiter: RateLimiter;
  ticket: RateLimitTicket;
  attempt: number;
}

/**
 * One try of a request: transport call under a timeout, limiter bookkeeping, events,
 * JSON decoding and status → error mapping. Throws a classified DookiError.
 */
export async function attemptRequest(
  context: RequestContext,
  spec: RequestSpec,
  { signal, limiter, ticket, attempt }: AttemptState,
): Promise<DecodedResponse> {
  const details: DookiErrorDetails = { method: spec.method, url: spec.url, page: spec.page };
  const base = { method: spec.method, url: spec.url, route: spec.route, page: spec.page, attempt };
  context.emit({ type: 'request', ...base });
  const started = performance.now();
  let response: TransportResponse;
  try {
    response = await callTransport(context, spec, signal, details);
  } catch (error) {
    limiter.release(ticket, null);
    throw error;
  }
  const rateLimit: RateLimitInfo = {
    limit: intHeader(response, 'x-ratelimit-limit'),
    remaining: intHeader(response, 'x-ratelimit-remaining'),
  };
  const retryAfterMs =
    response.status === 429
      ? parseRetryAfter(headerValue(response.headers, 'retry-after'))
      : undefined;
  const blockForMs =
    response.status === 429
      ? withJitter(retryAfterMs ?? context.rateLimitWindowMs, context.retry.random)
      : undefined;
  limiter.release(ticket, {
    status: response.status,
    ...rateLimit,
    ...(blockForMs === undefined ? {} : { blockForMs }),
  });
  const durationMs = Math.round(performance.now() - started);
  context.emit({ type: 'response', ...base, status: response.status, durationMs, rateLimit });

  const ok = response.status >= 200 && response.status < 300;
  let body = response.body;
  if (typeof body === 'string') {
    try {
      body = body === '' ? null : JSON.parse(body);
    } catch (cause) {
      // A 2xx body that does not parse was usually cut short in transit: retryable.
      if (ok)
        throw new DookiBadPageError('response body is not valid JSON', { ...details, cause }, true);
      body = null;
    }
  }
  if (ok) return { status: response.status, body, rateLimit };
  throw errorFromResponse(
    response.status,
    body,
    { ...details, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    context.redact,
  );
}

async function callTransport(
  context: RequestContext,
  spec: RequestSpec,
  signal: AbortSignal,
  details: DookiErrorDetails,
): Promise<TransportResponse> {
  if (signal.aborted) throw abortError(signal);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, context.timeoutMs);
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await context.transport({
      method: spec.method,
      url: spec.url,
      headers: context.headers,
      signal: controller.signal,
      timeoutMs: context.timeoutMs,
    });
  } catch (error) {
    if (signal.aborted) throw abortError(signal);
    const cause = safeCause(error, context.redact);
    if (timedOut) {
      throw new DookiTimeoutError(`No complete answer within ${context.timeoutMs} ms`, {
        ...details,
        cause,
      });
    }
    throw new DookiNetworkError(`Network failure: ${cause.message}`, { ...details, cause });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * A copy of a transport error holding only its name, code and redacted message: a
 * custom transport's error may carry its request config, headers included.
 */
function safeCause(error: unknown, redact: (text: string) => string): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const inner = (source as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = (source as { code?: unknown }).code ?? inner?.code;
  const innerText = typeof inner?.message === 'string' ? ` (${inner.message})` : '';
  const copy = new Error(redact(`${source.message}${innerText}`));
  copy.name = source.name;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

function intHeader(response: TransportResponse, name: string): number | null {
  const value = headerValue(response.headers, name);
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}
