// n8n's HTTP helpers as the nodes use them: generic credential authentication read from the
// credential class itself, and \`httpRequest\` semantics over real \`fetch\`.
import {
  NodeApiError,
  type IDataObject,
  type IHttpRequestOptions,
  type INode,
  type JsonObject,
} from 'n8n-workflow';
import { YampiApi } from '../credentials/YampiApi.credentials';

export interface TestCredentials {
  alias: string;
  baseUrl: string;
  userToken: string;
  userSecretKey: string;
}

/** Resolves `={{$credentials.name}}`, the only expression form the credential uses. */
export function resolveCredentialExpression(value: string, credentials: TestCredentials): string {
  const match = /^=\{\{\s*\$credentials\.(\w+)\s*\}\}$/.exec(value);
  if (!match) return value;
  return String((credentials as unknown as Record<string, unknown>)[match[1]!]);
}

export function authenticate(
  options: IHttpRequestOptions,
  credentials: TestCredentials,
): IHttpRequestOptions {
  const headers = { ...(options.headers ?? {}) };
  const credentialHeaders = new YampiApi().authenticate.properties.headers as Record<
    string,
    string
  >;
  for (const [name, value] of Object.entries(credentialHeaders)) {
    headers[name] = resolveCredentialExpression(value, credentials);
  }
  return { ...options, headers };
}

/** n8n's `httpRequest` semantics for the options the node uses, over real `fetch`. */
export async function httpRequest(options: IHttpRequestOptions, node: INode) {
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: options.method ?? 'GET',
      headers: options.headers as Record<string, string>,
      signal: AbortSignal.any([
        ...(options.abortSignal ? [options.abortSignal as AbortSignal] : []),
        ...(options.timeout ? [AbortSignal.timeout(options.timeout)] : []),
      ]),
    });
  } catch (error) {
    // Like n8n: the low-level error, code in its cause, wrapped in a NodeApiError.
    throw new NodeApiError(node, error as JsonObject);
  }
  const text = await response.text();
  if (!options.ignoreHttpStatusErrors && response.status >= 400) {
    throw new NodeApiError(node, { message: text, httpCode: String(response.status) });
  }
  const body: unknown = options.encoding === 'text' ? text : text === '' ? '' : JSON.parse(text);
  const headers: IDataObject = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  if (!options.returnFullResponse) return body;
  return { body, headers, statusCode: response.status, statusMessage: response.statusText };
}
