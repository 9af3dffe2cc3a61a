import type { ApiSettings } from '@clusterstream/cli-kit';
import { TRANSPORTS, type DookiClientOptions } from '@clusterstream/core';

/**
 * Client settings for a command: what cli-kit read from the flags and the environment
 * (`DOOKI_REQUEST_TIMEOUT_MS`, `DOOKI_RETRY_DELAY_MS`, `DOOKI_RETRY_MAX_MS`, `DOOKI_RATE_LIMIT`,
 * `DOOKI_TRANSPORT`...), with the transport named there. Unset values stay undefined, which
 * core reads as its defaults.
 */
export const clientOptions = (
  api: ApiSettings,
  onEvent: DookiClientOptions['onEvent'],
): DookiClientOptions => {
  const { pageSize: _scanOption, transport, ...client } = api;
  return { ...client, transport: TRANSPORTS[transport], onEvent };
};
