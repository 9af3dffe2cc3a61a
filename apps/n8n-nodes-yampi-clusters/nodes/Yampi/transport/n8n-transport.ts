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
  return async ({ method, url, headers, signal, timeoutMs }) => {
    if (signal.aborted) throw abortError(signal);
    const options: IHttpRequestOptions = {
      method,
      url,
      headers: { ...headers, Accept: 'application/json', 'Content-Type': 'application/json' },
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
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
 * included. Core only needs to know no response came, so pass on the error code alone.
 */
function toTransportError(error: unknown, signal: AbortSignal): Error {
  if (signal.aborted) return abortError(signal);
  const code = findCode(error) ?? 'ECONNRESET';
  return Object.assign(new Error(`no response from the server (${code})`), { code });
}

function findCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const { code, cause } = current as IDataObject & { cause?: unknown };
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = cause;
  }
  return undefined;
}
