import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/** The caller cancelled (abort signal, unsubscribe, `break`). Code `DOOKI_ERR_ABORTED`; retryable: false. */
export class DookiAbortedError extends DookiError {
  override name = 'DookiAbortedError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_ABORTED', `${message}${describeRequest(details)}`, details, false);
  }
}
