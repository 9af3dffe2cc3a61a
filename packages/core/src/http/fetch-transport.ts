import type { DookiTransport } from './transport.js';

/**
 * The default transport: Node's global `fetch`. The body is always read to the end
 * (or cancelled by the signal) so keep-alive sockets are released.
 */
export const fetchTransport: DookiTransport = async ({ method, url, headers, signal }) => {
  const response = await fetch(url, { method, headers, signal });
  const body = await response.text();
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    responseHeaders[key] = value;
  });
  return { status: response.status, headers: responseHeaders, body };
};
