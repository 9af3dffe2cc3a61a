import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/** HTTP 5xx, still failing after every retry. Code `DOOKI_ERR_SERVER`; retryable: true. */
export class DookiServerError extends DookiError {
  override name = 'DookiServerError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_SERVER', `${message}${describeRequest(details)}`, details, true);
  }
}
