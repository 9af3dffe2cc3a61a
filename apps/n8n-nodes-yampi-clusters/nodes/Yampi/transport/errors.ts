import { isDookiError, type DookiError } from '@clusterstream/core';
import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';
import type { YampiConnection } from './client';

/** What was being asked for, so the message can name it. */
export interface ErrorSubject extends YampiConnection {
  clusterId?: number | string;
}

interface Explanation {
  message: string;
  description: string;
}

/**
 * Turns any failure from core into a NodeApiError a user can act on. Only the error code,
 * HTTP status, API message and a secret-free URL are kept: never headers or credentials.
 *
 * @example
 * catch (error) { throw toNodeApiError(this.getNode(), error, { alias, baseUrl }, i); }
 */
export function toNodeApiError(
  node: INode,
  error: unknown,
  subject: ErrorSubject,
  itemIndex?: number,
): NodeApiError {
  if (error instanceof NodeApiError) return error;
  const dooki = isDookiError(error) ? error : undefined;
  const { message, description } = explain(dooki, error, subject);
  const response: JsonObject = {
    message,
    code: dooki?.code ?? 'UNKNOWN',
    ...(dooki?.status !== undefined && { httpCode: String(dooki.status) }),
    ...(dooki?.apiMessage !== undefined && { apiMessage: dooki.apiMessage }),
    ...(dooki?.url !== undefined && { url: dooki.url }),
  };
  const nodeError = new NodeApiError(node, response, {
    message,
    description,
    ...(dooki?.status !== undefined && { httpCode: String(dooki.status) }),
    ...(itemIndex !== undefined && { itemIndex }),
  });
  // NodeApiError takes any `code` it finds for the HTTP code (it would say
  // DOOKI_ERR_NETWORK), and swaps a message naming a network error code (ECONNREFUSED...)
  // for a generic text of its own. Keep an HTTP status or nothing, and our message.
  nodeError.httpCode = dooki?.status === undefined ? null : String(dooki.status);
  nodeError.message = message;
  return nodeError;
}

function explain(
  error: DookiError | undefined,
  original: unknown,
  { alias, baseUrl, clusterId }: ErrorSubject,
): Explanation {
  const cluster = clusterId === undefined ? 'the requested resource' : `cluster ${clusterId}`;
  switch (error?.code) {
    case 'DOOKI_ERR_AUTH':
      return {
        message: 'Yampi rejected the credentials (401 Unauthenticated)',
        description:
          'Check the User Token and User Secret Key in the Yampi credential. Yampi renews both whenever the user changes their password.',
      };
    case 'DOOKI_ERR_FORBIDDEN':
      return {
        message: `Access to store "${alias}" was denied (403): the store is inactive or this user cannot reach it`,
        description:
          'Yampi answers 403 on every route of an inactive store. Reactivate the store, or check the Store Alias in the credential.',
      };
    case 'DOOKI_ERR_NOT_FOUND':
      return {
        message: `Yampi could not find ${cluster} in store "${alias}" (404)`,
        description:
          'Check the cluster ID (pick it from the list to be sure) and the Store Alias in the credential: an unknown store also answers 404.',
      };
    case 'DOOKI_ERR_RATE_LIMITED':
      return {
        message: 'Yampi kept answering 429 Too Many Requests after several retries',
        description:
          'Another client is probably using the same quota. Wait a minute, or run this workflow less often.',
      };
    case 'DOOKI_ERR_SERVER':
      return {
        message: `Yampi answered with a server error (${error.status ?? '5xx'}) after several retries`,
        description: 'This is on Yampi’s side. Try again later.',
      };
    case 'DOOKI_ERR_TIMEOUT':
      return {
        message: `Could not reach Yampi at ${baseUrl}: no complete answer in time (timeout)`,
        description: `${error.message}. Check the Base URL in the credential and the network of the n8n host.`,
      };
    case 'DOOKI_ERR_NETWORK':
      return {
        message: `Could not reach Yampi at ${baseUrl}: ${networkCause(error)}`,
        description: `${error.message}. Check the Base URL in the credential and the network of the n8n host.`,
      };
    case 'DOOKI_ERR_REDIRECT':
      return {
        message: `Yampi at ${baseUrl} answered with a redirect (${error.status ?? '3xx'}), which is not followed`,
        description: `${error.message}. The credentials are sent only to the Base URL itself: set it to where the API really is.`,
      };
    case 'DOOKI_ERR_VALIDATION':
      return {
        message: `Yampi refused the request (${error.status ?? 422}): ${error.apiMessage ?? error.message}`,
        description: 'Check the node parameters, e.g. the page size (1–100).',
      };
    default:
      return {
        message:
          error?.message ?? (original instanceof Error ? original.message : String(original)),
        description: error ? `Error code ${error.code}` : 'Unexpected error in the Yampi node',
      };
  }
}

/** What the system said about a failed connection, in words and with its code. */
const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name was not found',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  ECONNABORTED: 'the connection timed out',
  ECONNRESET: 'the connection was closed unexpectedly',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

function networkCause(error: DookiError): string {
  const { cause } = error as { cause?: { code?: unknown } };
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === undefined) return 'no response';
  return `${NETWORK_CAUSES[code] ?? 'no response'} (${code})`;
}
