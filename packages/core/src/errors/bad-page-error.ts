import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/**
 * A response that is not a usable page: invalid JSON (retryable: a body cut short
 * in transit usually is) or valid JSON of the wrong shape (not retryable).
 * Code `DOOKI_ERR_BAD_PAGE`; `page` names the page.
 */
export class DookiBadPageError extends DookiError {
  override name = 'DookiBadPageError';

  constructor(message: string, details: DookiErrorDetails = {}, retryable = false) {
    const where = details.page === undefined ? '' : ` on page ${details.page}`;
    super(
      'DOOKI_ERR_BAD_PAGE',
      `${message}${where}${describeRequest(details)}`,
      details,
      retryable,
    );
  }
}
