import { fetchTransport } from './fetch-transport.js';
import { nodeHttpTransport } from './node-http-transport.js';
import type { DookiTransport } from './transport.js';

/** The built-in transports by the names the CLIs' `--transport` / `DOOKI_TRANSPORT` take. */
export const TRANSPORTS: Readonly<Record<'node-http' | 'fetch', DookiTransport>> = {
  'node-http': nodeHttpTransport,
  fetch: fetchTransport,
};
