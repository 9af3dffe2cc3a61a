import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/** The connection failed or broke mid-body, still failing after every retry. Code `DOOKI_ERR_NETWORK`; retryable: true. */
export class DookiNetworkError extends DookiError {
  override name = 'DookiNetworkError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_NETWORK', `${message}${describeRequest(details)}`, details, true);
  }
}
