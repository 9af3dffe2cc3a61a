import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/** Any other unexpected HTTP status. Code `DOOKI_ERR_HTTP`; retryable: false. */
export class DookiHttpError extends DookiError {
  override name = 'DookiHttpError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_HTTP', `${message}${describeRequest(details)}`, details, false);
  }
}
