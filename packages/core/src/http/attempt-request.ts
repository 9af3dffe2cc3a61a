import type { DookiErrorDetails } from '../errors/dooki-error.js';
import {
  DookiBadPageError,
  DookiNetworkError,
  DookiRateLimitedError,
  DookiRedirectError,
  DookiTimeoutError,
} from '../errors/error-tree.js';
import { isDookiError } from '../errors/dooki-error.js';
import type { RateLimiter, RateLimitTicket } from '../rate-limit/rate-limiter.js';
import { abortError } from '../util/abortable-sleep.js';
import { errorFromResponse } from './error-from-response.js';
import type { RateLimitInfo } from './events.js';
import { parseRetryAfter, withJitter } from './retry-timing.js';
import type { DecodedResponse, RequestContext, RequestSpec } from './send-request.js';
import { headerValue, responseTooLarge, type TransportResponse } from './transport.js';

// Ends the timeout wait of a request that settled. A reason given up front spares the
// DOMException (and its stack trace) that a bare `abort()` builds on every request.
const SETTLED = Symbol('settled');

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
  const retryAfterHeader =
    response.status === 429 ? headerValue(response.headers, 'retry-after') : undefined;
  const retryAfterMs = parseRetryAfter(retryAfterHeader);
  const { maxRetryAfterMs } = context.retry;
  const blockForMs =
    response.status === 429
      ? withJitter(
          Math.min(retryAfterMs ?? context.rateLimitWindowMs, maxRetryAfterMs),
          context.retry.random,
        )
      : undefined;
  limiter.release(ticket, {
    status: response.status,
    ...rateLimit,
    ...(blockForMs === undefined ? {} : { blockForMs }),
  });
  const durationMs = Math.round(performance.now() - started);
  context.emit({ type: 'response', ...base, status: response.status, durationMs, rateLimit });

  if (response.status >= 300 && response.status < 400) throw redirectError(response, details);
  if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
    // Waiting hours for one page is never what a user wants: say what the server asked.
    throw new DookiRateLimitedError(
      `Dooki API rate limit exceeded (429) and asked to wait ${formatSeconds(retryAfterMs)} (Retry-After: ${String(retryAfterHeader).trim()}), longer than the ${formatSeconds(maxRetryAfterMs)} this client waits (retry.maxRetryAfterMs)`,
      { ...details, status: 429, retryAfterMs },
      false,
    );
  }
  const ok = response.status >= 200 && response.status < 300;
  let body = response.body;
  if (typeof body === 'string') {
    // Transports that cannot stop reading early (n8n's helper) are still held to the cap.
    if (body.length > context.maxResponseBytes) {
      throw responseTooLarge(context.maxResponseBytes, spec);
    }
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

/**
 * Redirects are never followed, by any transport: the credentials travel in headers, and a
 * redirect (same origin or not) is a misconfigured base URL or a proxy, not the Dooki API.
 */
function redirectError(
  response: TransportResponse,
  details: DookiErrorDetails,
): DookiRedirectError {
  const location = headerValue(response.headers, 'location');
  let target = 'no Location';
  let origin: string | undefined;
  if (location !== undefined) {
    try {
      origin = new URL(location, details.url).origin;
      target = origin;
    } catch {
      target = 'an unreadable Location';
    }
  }
  const sameOrigin =
    origin !== undefined && details.url !== undefined && origin === new URL(details.url).origin;
  const hint = sameOrigin
    ? 'check the base URL (it is redirected within the same host)'
    : 'credentials are never sent to another host; check the base URL';
  return new DookiRedirectError(
    `Dooki API answered ${response.status} redirecting to ${target}; redirects are not followed: ${hint}`,
    { ...details, status: response.status, ...(origin === undefined ? {} : { location: origin }) },
  );
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

async function callTransport(
  context: RequestContext,
  spec: RequestSpec,
  signal: AbortSignal,
  details: DookiErrorDetails,
): Promise<TransportResponse> {
  if (signal.aborted) throw abortError(signal);
  const controller = new AbortController();
  const timeout = new AbortController();
  let timedOut = false;
  context.clock.sleep(context.timeoutMs, timeout.signal).then(
    () => {
      timedOut = true;
      controller.abort();
    },
    () => undefined, // the request ended first
  );
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await context.transport({
      method: spec.method,
      url: spec.url,
      headers: context.headers,
      signal: controller.signal,
      timeoutMs: context.timeoutMs,
      maxResponseBytes: context.maxResponseBytes,
    });
  } catch (error) {
    if (signal.aborted) throw abortError(signal);
    // Core's own verdicts from inside a transport (a body over the size cap) stand as they are.
    if (isDookiError(error)) throw error;
    const cause = safeCause(error, context.redact);
    if (timedOut) {
      throw new DookiTimeoutError(`No complete answer within ${context.timeoutMs} ms`, {
        ...details,
        cause,
      });
    }
    throw new DookiNetworkError(`Network failure: ${cause.message}`, { ...details, cause });
  } finally {
    timeout.abort(SETTLED);
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
