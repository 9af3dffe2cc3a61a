import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/** An option passed to the client or a scan is invalid; thrown synchronously, before any request. Code `DOOKI_ERR_INVALID_OPTIONS`; retryable: false. */
export class DookiOptionsError extends DookiError {
  override name = 'DookiOptionsError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_INVALID_OPTIONS', `${message}${describeRequest(details)}`, details, false);
  }
}
