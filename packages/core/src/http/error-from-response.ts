import {
  DookiAuthError,
  DookiForbiddenError,
  DookiHttpError,
  DookiNotFoundError,
  DookiRateLimitedError,
  DookiServerError,
  DookiValidationError,
} from '../errors/error-tree.js';
import type { DookiError, DookiErrorDetails } from '../errors/dooki-error.js';

/** Picks `message` and `errors` out of an error body (dingo/api shape), if it has them. */
function readErrorBody(body: unknown): {
  message?: string;
  fieldErrors?: Record<string, string[]>;
} {
  if (typeof body !== 'object' || body === null) return {};
  const { message, errors } = body as { message?: unknown; errors?: unknown };
  const fieldErrors =
    typeof errors === 'object' && errors !== null && !Array.isArray(errors)
      ? Object.fromEntries(
          Object.entries(errors).map(([field, list]) => [
            field,
            Array.isArray(list) ? list.map(String) : [String(list)],
          ]),
        )
      : undefined;
  return {
    ...(typeof message === 'string' ? { message } : {}),
    ...(fieldErrors ? { fieldErrors } : {}),
  };
}

/**
 * Maps a non-2xx response to the error class for its status. `redact` removes any
 * credential the API might echo back, so the message is always safe to log.
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  details: DookiErrorDetails & { retryAfterMs?: number },
  redact: (text: string) => string,
): DookiError {
  const parsed = readErrorBody(body);
  const apiMessage = parsed.message === undefined ? undefined : redact(parsed.message);
  const context = { ...details, status, ...(apiMessage === undefined ? {} : { apiMessage }) };
  const said = apiMessage === undefined ? '' : `: ${apiMessage}`;
  if (status === 401)
    return new DookiAuthError(`Dooki API rejected the credentials (401)${said}`, context);
  if (status === 403)
    return new DookiForbiddenError(`Dooki API denied access (403)${said}`, context);
  if (status === 404)
    return new DookiNotFoundError(`Dooki API found no such resource (404)${said}`, context);
  if (status === 400 || status === 422) {
    return new DookiValidationError(`Dooki API rejected the request (${status})${said}`, {
      ...context,
      ...(parsed.fieldErrors ? { fieldErrors: parsed.fieldErrors } : {}),
    });
  }
  if (status === 429)
    return new DookiRateLimitedError(`Dooki API rate limit exceeded (429)${said}`, context);
  if (status >= 500)
    return new DookiServerError(`Dooki API server error (${status})${said}`, context);
  return new DookiHttpError(`Dooki API answered with unexpected status ${status}${said}`, context);
}
