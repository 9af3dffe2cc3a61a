import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/** The pagination guard tripped: the API served the same page twice or pages far beyond `total_pages`. Code `DOOKI_ERR_LOOP`; retryable: false. */
export class DookiLoopError extends DookiError {
  override name = 'DookiLoopError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_LOOP', `${message}${describeRequest(details)}`, details, false);
  }
}
