import { responseTooLarge, type DookiTransport } from './transport.js';

/**
 * The default transport: Node's global `fetch`. Redirects are returned, never followed
 * (`redirect: 'manual'`). The body is read to the end (or cancelled by the signal, or
 * past `maxResponseBytes`) so keep-alive sockets are released.
 */
export const fetchTransport: DookiTransport = async (request) => {
  const { method, url, headers, signal, maxResponseBytes } = request;
  const response = await fetch(url, { method, headers, signal, redirect: 'manual' });
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    responseHeaders[key] = value;
  });
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxResponseBytes) {
    await response.body?.cancel();
    throw responseTooLarge(maxResponseBytes, request);
  }
  // A declared length within the cap bounds the body (the HTTP parser holds the server to it):
  // read it whole, the fast way. Only a body of unknown length is counted chunk by chunk.
  const body = Number.isFinite(declared)
    ? await response.text()
    : await readText(response, maxResponseBytes, () => responseTooLarge(maxResponseBytes, request));
  return { status: response.status, headers: responseHeaders, body };
};

/** The body as text, giving up (and cancelling the stream) once it grows past `limit` bytes. */
async function readText(response: Response, limit: number, tooLarge: () => Error): Promise<string> {
  if (response.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    received += value.byteLength;
    if (received > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}
