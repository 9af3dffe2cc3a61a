import { nodeHttpTransport, type DookiClientOptions } from '@clusterstream/core';
import type { ExportCommand } from './args.js';

const numberFrom = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
};

const rateLimitFrom = (text: string | undefined): DookiClientOptions['rateLimit'] | undefined => {
  if (text === 'off') return false;
  const match = /^(\d+)\/(\d+)$/.exec(text ?? '');
  return match === null ? undefined : { limit: Number(match[1]), windowMs: Number(match[2]) };
};

/**
 * Client settings for a command. Besides the flags, a few environment
 * variables exist **for tests and benchmarks only** (fast retries against a
 * local simulator): `DOOKI_CSV_RETRY_BASE_MS`, `DOOKI_CSV_RETRY_MAX_MS`,
 * `DOOKI_CSV_TIMEOUT_MS`, and `DOOKI_CSV_RATE_LIMIT` (`off`, or `<limit>/<windowMs>`: the
 * quota assumed until the API's headers arrive, also how long a 429 without Retry-After waits).
 */
export const clientOptions = (
  command: ExportCommand,
  env: NodeJS.ProcessEnv,
  onEvent: DookiClientOptions['onEvent'],
): DookiClientOptions => {
  // Core treats an undefined option as its default, so unset variables need no special case.
  return {
    alias: command.alias,
    userToken: command.userToken,
    userSecretKey: command.userSecretKey,
    transport: nodeHttpTransport,
    baseUrl: command.baseUrl,
    allowInsecureHttp: command.allowInsecureHttp,
    timeoutMs: numberFrom(env, 'DOOKI_CSV_TIMEOUT_MS'),
    retry: {
      baseDelayMs: numberFrom(env, 'DOOKI_CSV_RETRY_BASE_MS'),
      maxDelayMs: numberFrom(env, 'DOOKI_CSV_RETRY_MAX_MS'),
    },
    rateLimit: rateLimitFrom(env.DOOKI_CSV_RATE_LIMIT),
    onEvent,
  };
};
