import { DookiBadPageError } from '../errors/error-tree.js';

/** One HTTP request as core hands it to a {@link DookiTransport}. */
export interface TransportRequest {
  method: 'GET' | 'POST';
  /** Absolute URL; it never contains credentials. */
  url: string;
  /** Includes `User-Token` / `User-Secret-Key` when the client was given them. */
  headers: Record<string, string>;
  /** Aborts on cancellation and on timeout; a transport must honour it. */
  signal: AbortSignal;
  /** The client's per-request timeout, for transports that want to enforce their own. */
  timeoutMs: number;
  /**
   * Largest body the client accepts. A transport that can stop reading early should
   * reject with {@link responseTooLarge} once past it; core checks what it gets anyway.
   */
  maxResponseBytes: number;
}

/** What a transport returns: any status (core maps errors), headers, and the body. */
export interface TransportResponse {
  status: number;
  /** Header names in any case. */
  headers: Record<string, string | string[] | undefined>;
  /** A string is JSON-parsed by core; anything else is taken as already decoded. */
  body: unknown;
}

/**
 * Sends one HTTP request. It must never follow redirects (return the 3xx as it is: core
 * refuses it without sending the credentials anywhere else). Inject your own to route requests through another HTTP stack
 * (the n8n node uses n8n's authenticated helper). It must resolve for every HTTP status
 * and reject only when no response arrived (network failure, abort).
 *
 * @example
 * ```ts
 * const transport: DookiTransport = async ({ method, url, headers, signal }) => {
 *   const response = await fetch(url, { method, headers, signal });
 *   return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
 * };
 * ```
 */
export type DookiTransport = (request: TransportRequest) => Promise<TransportResponse>;

/** Reads one header case-insensitively, joining repeated values' first entry. */
export function headerValue(
  headers: TransportResponse['headers'],
  name: string,
): string | undefined {
  const direct = headers[name] ?? headers[name.toLowerCase()];
  const value =
    direct ??
    Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  return Array.isArray(value) ? value[0] : value;
}

/** The error a transport rejects with when a body grows past `maxResponseBytes` (retryable). */
export function responseTooLarge(
  maxResponseBytes: number,
  request: { method: 'GET' | 'POST'; url: string; page?: number },
): DookiBadPageError {
  return new DookiBadPageError(
    `response body is larger than ${maxResponseBytes} bytes (maxResponseBytes)`,
    {
      method: request.method,
      url: request.url,
      ...(request.page === undefined ? {} : { page: request.page }),
    },
    true,
  );
}
