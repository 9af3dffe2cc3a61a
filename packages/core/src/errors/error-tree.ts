import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

// THE error tree of core. Every class extends DookiError and carries a stable `code`;
// `retryable` says whether the client would retry it (and did, before throwing).
//
// DookiError
// ├─ answered with a non-page status: Auth 401 · Forbidden 403 · NotFound 404 · Validation 400/422
// │                                   RateLimited 429 · Server 5xx · Redirect 3xx · Http (other)
// ├─ no usable answer:                Network · Timeout
// ├─ an answer the scan cannot trust: BadPage · Loop
// └─ the caller's side:               Aborted · Options

// --- The API answered, with a status that is not a page ---

/** HTTP 401: the User-Token / User-Secret-Key pair is missing, wrong or was rotated by a password change. Code `DOOKI_ERR_AUTH`; retryable: false. */
export class DookiAuthError extends DookiError {
  override name = 'DookiAuthError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_AUTH', `${message}${describeRequest(details)}`, details, false);
  }
}

/** HTTP 403: access denied, e.g. the store is inactive. Code `DOOKI_ERR_FORBIDDEN`; retryable: false. */
export class DookiForbiddenError extends DookiError {
  override name = 'DookiForbiddenError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_FORBIDDEN', `${message}${describeRequest(details)}`, details, false);
  }
}

/** HTTP 404: unknown store alias or cluster (or the cluster was deleted mid-scan). Code `DOOKI_ERR_NOT_FOUND`; retryable: false. */
export class DookiNotFoundError extends DookiError {
  override name = 'DookiNotFoundError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_NOT_FOUND', `${message}${describeRequest(details)}`, details, false);
  }
}

/** HTTP 400/422: the API rejected the request parameters. Code `DOOKI_ERR_VALIDATION`; retryable: false. */
export class DookiValidationError extends DookiError {
  override name = 'DookiValidationError';
  /** The API's per-field messages (`errors` in a 422 body), when present. */
  readonly fieldErrors: Record<string, string[]> | undefined;

  constructor(
    message: string,
    details: DookiErrorDetails & { fieldErrors?: Record<string, string[]> } = {},
  ) {
    super('DOOKI_ERR_VALIDATION', `${message}${describeRequest(details)}`, details, false);
    this.fieldErrors = details.fieldErrors;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fieldErrors: this.fieldErrors };
  }
}

/**
 * HTTP 429, still refused after every rate-limit retry, or asked to wait longer than
 * `retry.maxRetryAfterMs` (then retryable: false). Code `DOOKI_ERR_RATE_LIMITED`.
 */
export class DookiRateLimitedError extends DookiError {
  override name = 'DookiRateLimitedError';
  /** How long the API asked to wait (`Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    details: DookiErrorDetails & { retryAfterMs?: number } = {},
    retryable = true,
  ) {
    super('DOOKI_ERR_RATE_LIMITED', `${message}${describeRequest(details)}`, details, retryable);
    this.retryAfterMs = details.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** HTTP 5xx, still failing after every retry. Code `DOOKI_ERR_SERVER`; retryable: true. */
export class DookiServerError extends DookiError {
  override name = 'DookiServerError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_SERVER', `${message}${describeRequest(details)}`, details, true);
  }
}

/**
 * The API answered with a redirect (3xx). Redirects are never followed: credentials travel
 * in headers and must not reach a host the user did not configure. Code `DOOKI_ERR_REDIRECT`;
 * retryable: false.
 */
export class DookiRedirectError extends DookiError {
  override name = 'DookiRedirectError';
  /** Where the server pointed (`Location`), when it said; secret-free. */
  readonly location: string | undefined;

  constructor(message: string, details: DookiErrorDetails & { location?: string } = {}) {
    super('DOOKI_ERR_REDIRECT', `${message}${describeRequest(details)}`, details, false);
    this.location = details.location;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), location: this.location };
  }
}

/** Any other unexpected HTTP status. Code `DOOKI_ERR_HTTP`; retryable: false. */
export class DookiHttpError extends DookiError {
  override name = 'DookiHttpError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_HTTP', `${message}${describeRequest(details)}`, details, false);
  }
}

// --- No usable answer arrived ---

/** The connection failed or broke mid-body, still failing after every retry. Code `DOOKI_ERR_NETWORK`; retryable: true. */
export class DookiNetworkError extends DookiError {
  override name = 'DookiNetworkError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_NETWORK', `${message}${describeRequest(details)}`, details, true);
  }
}

/** No complete answer within `timeoutMs`, still failing after every retry. Code `DOOKI_ERR_TIMEOUT`; retryable: true. */
export class DookiTimeoutError extends DookiError {
  override name = 'DookiTimeoutError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_TIMEOUT', `${message}${describeRequest(details)}`, details, true);
  }
}

// --- An answer arrived, but the scan cannot trust it ---

/**
 * A response that is not a usable page: invalid JSON (retryable: a body cut short
 * in transit usually is) or valid JSON of the wrong shape (not retryable).
 * Code `DOOKI_ERR_BAD_PAGE`; `page` names the page.
 */
export class DookiBadPageError extends DookiError {
  override name = 'DookiBadPageError';

  constructor(message: string, details: DookiErrorDetails = {}, retryable = false) {
    const where = details.page === undefined ? '' : ` on page ${details.page}`;
    super(
      'DOOKI_ERR_BAD_PAGE',
      `${message}${where}${describeRequest(details)}`,
      details,
      retryable,
    );
  }
}

/** The pagination guard tripped: the API served the same page twice or pages far beyond `total_pages`. Code `DOOKI_ERR_LOOP`; retryable: false. */
export class DookiLoopError extends DookiError {
  override name = 'DookiLoopError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_LOOP', `${message}${describeRequest(details)}`, details, false);
  }
}

// --- The caller's side ---

/** The caller cancelled (abort signal, unsubscribe, `break`). Code `DOOKI_ERR_ABORTED`; retryable: false. */
export class DookiAbortedError extends DookiError {
  override name = 'DookiAbortedError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_ABORTED', `${message}${describeRequest(details)}`, details, false);
  }
}

/** An option passed to the client or a scan is invalid; thrown synchronously, before any request. Code `DOOKI_ERR_INVALID_OPTIONS`; retryable: false. */
export class DookiOptionsError extends DookiError {
  override name = 'DookiOptionsError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_INVALID_OPTIONS', `${message}${describeRequest(details)}`, details, false);
  }
}
