import type { DookiErrorCode } from '../errors/dooki-error.js';
import type { RateLimitWaitReason } from '../rate-limit/rate-limiter.js';
import type { DookiRoute } from '../rate-limit/registry.js';

/** `X-RateLimit-Limit` / `X-RateLimit-Remaining` of a response; null when absent. */
export interface RateLimitInfo {
  limit: number | null;
  remaining: number | null;
}

interface RequestEventBase {
  method: 'GET' | 'POST';
  /** Secret-free: credentials are headers, never query parameters. */
  url: string;
  route: DookiRoute;
  /** Page number, for list requests. */
  page?: number;
  /** 1 for the first try of this request, 2 for the first retry, … */
  attempt: number;
}

/**
 * What the client reports through `onEvent`, for progress lines and logs. Events never
 * carry credentials or response bodies.
 */
export type DookiEvent =
  | ({ type: 'request' } & RequestEventBase)
  | ({
      type: 'response';
      status: number;
      durationMs: number;
      rateLimit: RateLimitInfo;
    } & RequestEventBase)
  | ({ type: 'retry'; reason: DookiErrorCode; status?: number; delayMs: number } & RequestEventBase)
  | {
      type: 'rate-limit-wait';
      route: DookiRoute;
      page?: number;
      delayMs: number;
      reason: RateLimitWaitReason;
    };

/** Receives {@link DookiEvent}s; an exception it throws is ignored, never breaks a scan. */
export type DookiEventListener = (event: DookiEvent) => void;
