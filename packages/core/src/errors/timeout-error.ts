import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/** No complete answer within `timeoutMs`, still failing after every retry. Code `DOOKI_ERR_TIMEOUT`; retryable: true. */
export class DookiTimeoutError extends DookiError {
  override name = 'DookiTimeoutError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_TIMEOUT', `${message}${describeRequest(details)}`, details, true);
  }
}
