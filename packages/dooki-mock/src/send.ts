import type { ServerResponse } from 'node:http';
import type { Fault } from './types.js';

/** A response body: ASCII text, or its bytes (length is the byte count either way). */
export type Body = string | Buffer;

/** Schedules a callback after `ms`, cancelled if the server closes first. */
export type Delay = (ms: number, run: () => void) => void;

/**
 * Writes an ASCII JSON response, after `waitMs`, applying the body-level faults: `reset` sends the headers
 * and part of the body then destroys the socket; `truncate` sends half the body as if complete.
 */
export function sendBody(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Body,
  fault: Fault | undefined,
  waitMs: number,
  delay: Delay,
): void {
  if (waitMs > 0) {
    delay(waitMs, () => sendBody(res, status, headers, body, fault, 0, delay));
    return;
  }
  if (res.destroyed) return;
  const base = { 'Content-Type': 'application/json', ...headers };
  // API bodies are ASCII-only (see php-json.ts): latin1 is a plain copy, and customer pages
  // arrive as bytes already, so they go to the socket without any copy.
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  if (fault?.kind === 'reset') {
    res.writeHead(status, { ...base, 'Content-Length': String(bytes.length) });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
    return;
  }
  if (fault?.kind === 'truncate') {
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    res.writeHead(status, { ...base, 'Content-Length': String(half.length), Connection: 'close' });
    res.end(half);
    return;
  }
  res.writeHead(status, { ...base, 'Content-Length': String(bytes.length) });
  if (res.req.method === 'HEAD') res.end();
  else res.end(bytes);
}
