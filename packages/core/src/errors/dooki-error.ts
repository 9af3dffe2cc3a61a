/** Stable string codes carried by every {@link DookiError}. */
export type DookiErrorCode =
  | 'DOOKI_ERR_AUTH'
  | 'DOOKI_ERR_FORBIDDEN'
  | 'DOOKI_ERR_NOT_FOUND'
  | 'DOOKI_ERR_VALIDATION'
  | 'DOOKI_ERR_RATE_LIMITED'
  | 'DOOKI_ERR_SERVER'
  | 'DOOKI_ERR_HTTP'
  | 'DOOKI_ERR_REDIRECT'
  | 'DOOKI_ERR_NETWORK'
  | 'DOOKI_ERR_TIMEOUT'
  | 'DOOKI_ERR_BAD_PAGE'
  | 'DOOKI_ERR_LOOP'
  | 'DOOKI_ERR_ABORTED'
  | 'DOOKI_ERR_INVALID_OPTIONS';

/** Context attached to an error. None of it may ever hold a credential. */
export interface DookiErrorDetails {
  /** HTTP status of the failed response, when there was one. */
  status?: number;
  method?: 'GET' | 'POST';
  /** Request URL. Credentials travel in headers, so the URL never holds a secret. */
  url?: string;
  /** The API's own `message`, with any credential value redacted. */
  apiMessage?: string;
  /** Page number of the scan the error belongs to. */
  page?: number;
  cause?: unknown;
}

// Symbol.for is shared by every copy of this package in a process (e.g. the n8n
// node bundles its own), so the brand works where `instanceof` does not.
const DOOKI_ERROR_BRAND = Symbol.for('@clusterstream/core/DookiError');

/**
 * Base class of every error thrown by `@clusterstream/core`.
 *
 * `code` is stable and safe to switch on; `retryable` says whether the client
 * would (and did) retry it. Messages, enumerable properties and `toJSON()` never
 * contain the User-Token or User-Secret-Key.
 *
 * @example
 * ```ts
 * try { await client.cluster(42); }
 * catch (error) { if (isDookiError(error) && error.code === 'DOOKI_ERR_NOT_FOUND') console.log('gone'); }
 * ```
 */
export class DookiError extends Error {
  override name = 'DookiError';
  readonly code: DookiErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly method: 'GET' | 'POST' | undefined;
  readonly url: string | undefined;
  readonly apiMessage: string | undefined;
  readonly page: number | undefined;

  constructor(
    code: DookiErrorCode,
    message: string,
    details: DookiErrorDetails = {},
    retryable = false,
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.retryable = retryable;
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.apiMessage = details.apiMessage;
    this.page = details.page;
  }

  /** A plain, secret-free object for logs and structured output. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      status: this.status,
      method: this.method,
      url: this.url,
      apiMessage: this.apiMessage,
      page: this.page,
    };
  }
}

Object.defineProperty(DookiError.prototype, DOOKI_ERROR_BRAND, { value: true });

/**
 * True for any error thrown by any copy of `@clusterstream/core`, optionally of one `code`.
 *
 * @example
 * ```ts
 * if (isDookiError(error, 'DOOKI_ERR_AUTH')) console.error('check your credentials');
 * ```
 */
export function isDookiError(value: unknown, code?: DookiErrorCode): value is DookiError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[DOOKI_ERROR_BRAND] !== true) return false;
  return code === undefined || (value as { code?: unknown }).code === code;
}

/** Builds "GET https://…/customers?page=3" for messages; both parts are secret-free. */
export function describeRequest(details: DookiErrorDetails): string {
  if (details.method === undefined || details.url === undefined) return '';
  return ` (${details.method} ${details.url})`;
}
