import { DookiError, describeRequest, type DookiErrorDetails } from './dooki-error.js';

/** HTTP 400/422: the API rejected the request parameters. Code `DOOKI_ERR_VALIDATION`; retryable: false. */
export class DookiValidationError extends DookiError {
  override name = 'DookiValidationError';
  /** The API's per-field messages (`errors` in a 422 body), when present. */
  readonly fieldErrors: Record<string, string[]> | undefined;

  constructor(
    message: string,
    details: DookiErrorDetails & { fieldErrors?: Record<string, string[]> } = {},
  ) {
    super('DOOKI_ERR_VALIDATION', `${message}${describeRequest(details)}`, details, false);
    this.fieldErrors = details.fieldErrors;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fieldErrors: this.fieldErrors };
  }
}
