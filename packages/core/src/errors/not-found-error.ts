import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/** HTTP 404: unknown store alias or cluster (or the cluster was deleted mid-scan). Code `DOOKI_ERR_NOT_FOUND`; retryable: false. */
export class DookiNotFoundError extends DookiError {
  override name = 'DookiNotFoundError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_NOT_FOUND', `${message}${describeRequest(details)}`, details, false);
  }
}
