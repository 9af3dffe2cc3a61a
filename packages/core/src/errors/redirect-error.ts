import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

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
