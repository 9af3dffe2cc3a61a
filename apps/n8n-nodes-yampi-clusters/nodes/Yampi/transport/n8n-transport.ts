import type { DookiTransport } from '@clusterstream/core';
import type {
  IDataObject,
  IExecuteFunctions,
  IHttpRequestOptions,
  ILoadOptionsFunctions,
  IN8nHttpFullResponse,
  IPollFunctions,
} from 'n8n-workflow';

/** Any n8n context that can make authenticated requests with the `yampiApi` credential. */
export type YampiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

// Core times each request itself; n8n's own timeout only backs it up, so core's fires first.
const HOST_TIMEOUT_SLACK_MS = 1_000;

/**
 * Plugs n8n's credential-aware HTTP helper into core's injectable transport, so core's paging,
 * pacing and retries run unchanged while the token pair never leaves n8n's credential store.
 *
 * @example
 * const client = createDookiClient({ alias, baseUrl, transport: n8nTransport(this) });
 */
export function n8nTransport(context: YampiContext): DookiTransport {
  // `maxResponseBytes` is not passed on: n8n's helper has no size limit option (it reads
  // any body), so core's own check of the body it gets is what holds the limit.
  return async ({ method, url, headers, signal, timeoutMs }) => {
    if (signal.aborted) throw abortError(signal);
    const options: IHttpRequestOptions = {
      method,
      url,
      headers: { ...headers, Accept: 'application/json', 'Content-Type': 'application/json' },
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      // n8n follows redirects by default, credential headers included. Core refuses every
      // 3xx (DOOKI_ERR_REDIRECT), so it must get the 3xx itself, and nothing may follow it.
      disableFollowRedirect: true,
      // Raw text, so core parses it and can tell a truncated page from a good one.
      json: false,
      encoding: 'text',
      timeout: timeoutMs + HOST_TIMEOUT_SLACK_MS,
      abortSignal: signal,
    };
    // n8n replaces `abortSignal` with the execution's cancel signal, so core's own signal
    // (scan cancelled, maxItems reached) is honoured here instead.
    const request = context.helpers.httpRequestWithAuthentication.call(
      context,
      'yampiApi',
      options,
    ) as Promise<IN8nHttpFullResponse>;
    const response = await abortable(request, signal).catch((error: unknown) => {
      throw toTransportError(error, signal);
    });
    return {
      status: response.statusCode,
      headers: response.headers as Record<string, string | string[] | undefined>,
      body: response.body,
    };
  };
}

/** Settles with the request, or rejects as soon as the signal aborts (the request runs on). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return Object.assign(new Error('The request was aborted'), { name: 'AbortError' });
}

/**
 * n8n wraps network failures in a NodeApiError that carries the axios request, headers
 * included. Core only needs to know no response came, and why: pass on the error code alone.
 */
function toTransportError(error: unknown, signal: AbortSignal): Error {
  if (signal.aborted) return abortError(signal);
  const code = findCode(error);
  const reason = code === undefined ? '' : ` (${code})`;
  return Object.assign(new Error(`no response from the server${reason}`), { code });
}

const ERROR_CODE = /^E[A-Z0-9_]{2,}$/;

/**
 * The system error code (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ...) of a failed request, as
 * the n8n versions wrap it: on 2.41 the axios error is the NodeApiError's `cause`; on 1.x
 * and 2.8 that `cause` is lost (a class field resets it) and only `httpCode` keeps the code,
 * which NodeApiError fills from the axios error's `code`.
 */
function findCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 5; depth += 1) {
    const { code, httpCode, cause } = current as IDataObject & { cause?: unknown };
    for (const candidate of [code, httpCode]) {
      if (typeof candidate === 'string' && ERROR_CODE.test(candidate)) return candidate;
    }
    current = cause;
  }
  return undefined;
}
