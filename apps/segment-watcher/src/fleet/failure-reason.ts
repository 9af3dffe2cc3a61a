import { isDookiError } from '@clusterstream/core';
import pg from 'pg';
import { StateWriteError } from '../state/errors.js';
import { isDatabaseUnreachable } from '../state/postgres/pool.js';

/**
 * Why a fleet job failed, as a metric label: a closed set, so a failure's text (URLs, SQL,
 * customer data) never becomes a label value and every store has at most this many series.
 */
export const FAILURE_REASONS = [
  'api_rate_limited',
  'api_server_error',
  'api_unreachable',
  'api_refused',
  'api_other',
  'database',
  'sink',
  'other',
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

/** A delivery that a sink refused or failed (the events stay in the outbox). */
export class SinkDeliveryError extends Error {
  override readonly name = 'SinkDeliveryError';
}

/**
 * The {@link FailureReason} of a job's error; null for a job that was aborted (its process stops
 * or lost the job to another), which is no failure of the store: the job runs again elsewhere.
 */
export function failureReason(error: unknown): FailureReason | null {
  if (isDookiError(error)) {
    switch (error.code) {
      case 'DOOKI_ERR_ABORTED':
        return null;
      case 'DOOKI_ERR_RATE_LIMITED':
        return 'api_rate_limited';
      case 'DOOKI_ERR_SERVER':
        return 'api_server_error';
      case 'DOOKI_ERR_NETWORK':
      case 'DOOKI_ERR_TIMEOUT':
        return 'api_unreachable';
      case 'DOOKI_ERR_AUTH':
      case 'DOOKI_ERR_FORBIDDEN':
        return 'api_refused';
      default:
        return 'api_other';
    }
  }
  if (error instanceof SinkDeliveryError) return 'sink';
  if (
    error instanceof StateWriteError ||
    error instanceof pg.DatabaseError ||
    isDatabaseUnreachable(error)
  )
    return 'database';
  return 'other';
}
