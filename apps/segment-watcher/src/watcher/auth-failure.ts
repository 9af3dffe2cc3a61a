import { isDookiError } from '@clusterstream/core';

/**
 * 401 or 403: the store will not answer until someone acts (new credentials, store active
 * again), so the watcher stops or quarantines it instead of retrying.
 */
export const isAuthFailure = (error: unknown): boolean =>
  isDookiError(error, 'DOOKI_ERR_AUTH') || isDookiError(error, 'DOOKI_ERR_FORBIDDEN');
