import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/** HTTP 401: the User-Token / User-Secret-Key pair is missing, wrong or was rotated by a password change. Code `DOOKI_ERR_AUTH`; retryable: false. */
export class DookiAuthError extends DookiError {
  override name = 'DookiAuthError';

  constructor(message: string, details: DookiErrorDetails = {}) {
    super('DOOKI_ERR_AUTH', `${message}${describeRequest(details)}`, details, false);
  }
}
