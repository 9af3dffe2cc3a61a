import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/** HTTP 403: access denied, e.g. the store is inactive. Code `DOOKI_ERR_FORBIDDEN`; retryable: false. */
export class DookiForbiddenError extends DookiError {
  override name = 'DookiForbiddenError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_FORBIDDEN', `${message}${describeRequest(details)}`, details, false);
  }
}
