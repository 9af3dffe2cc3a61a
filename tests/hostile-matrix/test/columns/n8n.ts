import { createDookiClient, isDookiError, type DookiClientOptions } from '@clusterstream/core';
import { Yampi } from '../../../../apps/n8n-nodes-yampi-clusters/nodes/Yampi/Yampi.node';
import { n8nTransport } from '../../../../apps/n8n-nodes-yampi-clusters/nodes/Yampi/transport/n8n-transport';
import { createContext } from '../../../../apps/n8n-nodes-yampi-clusters/test/n8n-context';
import type { Guard } from '../support/guard.js';
import { firstErrorCode, type Observed } from '../support/observed.js';
import { ALIAS, CLUSTER_ID, CREDENTIALS, type Target } from '../support/targets.js';

/** Retries given to the transport-mode client: a bad page costs 1 + this many requests. */
export const N8N_TRANSPORT_RETRIES = 2;

/**
 * How the n8n column drives the node, both in the package's unit harness (n8n's
 * `httpRequestWithAuthentication` over real HTTP):
 * - `get-many`: the node's Cluster Customer › Get Many with Return All, exactly as n8n runs it
 *   (the node's own client settings: default retries, timeout and pacing);
 * - `transport`: the node's transport (`n8nTransport`) under a core client with the same fast
 *   retry, timeout and quota settings the CLI cells use, for rows whose outcome is a retry or
 *   timeout budget (the node has no setting to shorten them, so Get Many would take minutes).
 */
export type N8nMode =
  | { mode: 'get-many' }
  | {
      mode: 'transport';
      timeoutMs?: number;
      rateLimit?: DookiClientOptions['rateLimit'];
    };

export async function runN8n(target: Target, guard: Guard, mode: N8nMode): Promise<Observed> {
  const context = createContext({
    credentials: { alias: ALIAS, baseUrl: target.url, ...CREDENTIALS },
    parameters: {
      resource: 'clusterCustomer',
      operation: 'getAll',
      clusterId: { __rl: true, mode: 'id', value: String(CLUSTER_ID) },
      returnAll: true,
      options: {},
    },
    mode: 'manual',
  });
  // The guard stops a run the way a user would: by cancelling the execution.
  const cancel = (): void => context.cancel.abort(guard.signal.reason);
  guard.signal.addEventListener('abort', cancel, { once: true });
  const seen = (): Pick<Observed, 'requests' | 'closedEarly' | 'otherOrigin' | 'stopped'> => ({
    requests: target.requests(),
    closedEarly: target.closedEarly(),
    otherOrigin: target.otherOrigin(),
    stopped: guard.stopped,
  });
  try {
    const ids =
      mode.mode === 'get-many'
        ? await getMany(context)
        : await viaTransport(context, target, mode, guard.signal);
    return { message: '', output: ids.length, ids, leftovers: [], ...seen() };
  } catch (error) {
    const message = messageOf(error);
    return {
      errorCode: codeOf(error) ?? firstErrorCode(message),
      message,
      output: 0,
      ids: [],
      leftovers: [],
      ...seen(),
    };
  } finally {
    guard.signal.removeEventListener('abort', cancel);
  }
}

type Context = ReturnType<typeof createContext>;

async function getMany(context: Context): Promise<number[]> {
  const [items = []] = await new Yampi().execute.call(context.execute);
  return items.map((item) => Number(item.json.id));
}

async function viaTransport(
  context: Context,
  target: Target,
  mode: Extract<N8nMode, { mode: 'transport' }>,
  signal: AbortSignal,
): Promise<number[]> {
  const client = createDookiClient({
    alias: ALIAS,
    baseUrl: target.url,
    transport: n8nTransport(context.execute),
    timeoutMs: mode.timeoutMs ?? 10_000,
    retry: {
      retries: N8N_TRANSPORT_RETRIES,
      rateLimitRetries: N8N_TRANSPORT_RETRIES,
      baseDelayMs: 1,
      maxDelayMs: 5,
    },
    rateLimit: mode.rateLimit ?? false,
  });
  const ids: number[] = [];
  for await (const customer of client.iterateClusterCustomers(CLUSTER_ID, { signal })) {
    ids.push(customer.id);
  }
  return ids;
}

/** A core error's code, or the one n8n keeps in the NodeApiError's response. */
function codeOf(error: unknown): string | undefined {
  if (isDookiError(error)) return error.code;
  const response = (error as { errorResponse?: { code?: unknown } } | null)?.errorResponse;
  return typeof response?.code === 'string' ? response.code : undefined;
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const description = (error as { description?: unknown }).description;
  return typeof description === 'string' ? `${error.message} (${description})` : error.message;
}
