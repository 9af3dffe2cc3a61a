import { createDookiClient, DEFAULT_BASE_URL, type DookiClient } from '@clusterstream/core';
import { NodeOperationError } from 'n8n-workflow';
import { n8nClock } from '../../shared/n8n-clock';
import { n8nTransport, type YampiContext } from './n8n-transport';

/** The non-secret part of the `yampiApi` credential. */
export interface YampiConnection {
  alias: string;
  baseUrl: string;
}

/** A core client bound to one n8n context, plus where it points (for error messages). */
export interface YampiClient extends YampiConnection {
  client: DookiClient;
}

/**
 * Creates the core client for a node run. Only the alias and base URL are read from the
 * credential here; the token pair is added by n8n on each request.
 *
 * @example
 * const { client, alias } = await createYampiClient(this);
 * const cluster = await client.cluster(42);
 */
export async function createYampiClient(context: YampiContext): Promise<YampiClient> {
  const credentials = await context.getCredentials<{ alias?: string; baseUrl?: string }>(
    'yampiApi',
  );
  const alias = (credentials.alias ?? '').trim();
  const baseUrl = (credentials.baseUrl ?? '').trim().replace(/\/+$/, '') || DEFAULT_BASE_URL;
  if (!/^[\w.-]+$/.test(alias)) {
    throw new NodeOperationError(
      context.getNode(),
      `The Yampi credential's Store Alias "${alias}" is not a store alias`,
      {
        description:
          'Use the store name from your API paths, e.g. "my-store" (letters, digits, "-", "_", ".").',
      },
    );
  }
  if (!/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new NodeOperationError(
      context.getNode(),
      `The Yampi credential's Base URL "${baseUrl}" is not an http(s) URL`,
      { description: `Leave it at ${DEFAULT_BASE_URL} unless you use a sandbox or a simulator.` },
    );
  }
  // Runs of the same credential share one pacing budget inside this n8n process.
  const credentialId = context.getNode().credentials?.yampiApi?.id ?? 'default';
  const client = createDookiClient({
    alias,
    baseUrl,
    transport: n8nTransport(context),
    // Pacing, backoff and request timeouts wait on n8n's `sleep`, not on timers of our own.
    clock: n8nClock,
    rateLimitKey: `n8n-credential:${credentialId}`,
  });
  return { client, alias, baseUrl };
}
