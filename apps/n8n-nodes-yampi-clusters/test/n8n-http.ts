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

/**
 * Resolves the expression forms the credential uses: `={{$credentials.name}}`, alone or inside a
 * template such as `=/{{$credentials.alias}}/customers`. Anything else is returned as it is.
 */
export function resolveCredentialExpression(value: string, credentials: TestCredentials): string {
  if (!value.startsWith('=')) return value;
  return value
    .slice(1)
    .replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, name: string) =>
      String((credentials as unknown as Record<string, unknown>)[name]),
    );
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
  let text: string;
  try {
    response = await fetch(options.url, {
      method: options.method ?? 'GET',
      headers: options.headers as Record<string, string>,
      // Like n8n (axios `maxRedirects: 0`): redirects are followed unless disabled, and a
      // 3xx it does not follow comes back as the response.
      redirect: options.disableFollowRedirect ? 'manual' : 'follow',
      signal: AbortSignal.any([
        ...(options.abortSignal ? [options.abortSignal as AbortSignal] : []),
        ...(options.timeout ? [AbortSignal.timeout(options.timeout)] : []),
      ]),
    });
    text = await response.text();
  } catch (error) {
    // Like n8n 2.8: the axios error wrapped in a NodeApiError (whose `cause` that version
    // loses; its `httpCode` takes the axios error's `code`).
    throw new NodeApiError(node, axiosLike(error, options) as unknown as JsonObject);
  }
  if (!options.ignoreHttpStatusErrors && response.status >= 400) {
    throw new NodeApiError(node, { message: text, httpCode: String(response.status) });
  }
  const body: unknown = options.encoding === 'text' ? text : text === '' ? '' : JSON.parse(text);
  const headers: IDataObject = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  if (!options.returnFullResponse) return body;
  return { body, headers, statusCode: response.status, statusMessage: response.statusText };
}

/** The shape axios gives a failed request: the system error's code at the top level. */
function axiosLike(error: unknown, options: IHttpRequestOptions): Error {
  const failure = error as Error & { cause?: { code?: unknown; message?: unknown } };
  const timedOut = failure.name === 'TimeoutError';
  const aborted = failure.name === 'AbortError';
  const systemCode = typeof failure.cause?.code === 'string' ? failure.cause.code : undefined;
  // undici reports a connection cut mid-body as UND_ERR_SOCKET; Node's sockets say ECONNRESET.
  const code = timedOut
    ? 'ECONNABORTED'
    : aborted
      ? 'ERR_CANCELED'
      : systemCode?.startsWith('E')
        ? systemCode
        : 'ECONNRESET';
  const message = timedOut
    ? `timeout of ${options.timeout}ms exceeded`
    : typeof failure.cause?.message === 'string'
      ? failure.cause.message
      : failure.message;
  return Object.assign(new Error(message), { name: 'AxiosError', code, isAxiosError: true });
}
