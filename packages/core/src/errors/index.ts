export {
  DookiError,
  isDookiError,
  type DookiErrorCode,
  type DookiErrorDetails,
} from './dooki-error.js';
export { DookiAuthError } from './auth-error.js';
export { DookiForbiddenError } from './forbidden-error.js';
export { DookiNotFoundError } from './not-found-error.js';
export { DookiValidationError } from './validation-error.js';
export { DookiRateLimitedError } from './rate-limited-error.js';
export { DookiServerError } from './server-error.js';
export { DookiHttpError } from './http-error.js';
export { DookiRedirectError } from './redirect-error.js';
export { DookiNetworkError } from './network-error.js';
export { DookiTimeoutError } from './timeout-error.js';
export { DookiBadPageError } from './bad-page-error.js';
export { DookiLoopError } from './loop-error.js';
export { DookiAbortedError } from './aborted-error.js';
export { DookiOptionsError } from './options-error.js';
