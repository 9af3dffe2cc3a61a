export {
  DookiError,
  isDookiError,
  type DookiErrorCode,
  type DookiErrorDetails,
} from './dooki-error.js';
export {
  DookiAbortedError,
  DookiAuthError,
  DookiBadPageError,
  DookiForbiddenError,
  DookiHttpError,
  DookiLoopError,
  DookiNetworkError,
  DookiNotFoundError,
  DookiOptionsError,
  DookiRateLimitedError,
  DookiRedirectError,
  DookiServerError,
  DookiTimeoutError,
  DookiValidationError,
} from './error-tree.js';
