export { createDookiClient, type DookiClient } from './client.js';
export type { DookiClientOptions, ScanOptions } from './options.js';
export type { DookiClock } from './clock/clock.js';
export * from './errors/index.js';
export type { DookiEvent, DookiEventListener, RateLimitInfo } from './http/events.js';
export type { DookiTransport, TransportRequest, TransportResponse } from './http/transport.js';
export { responseTooLarge } from './http/transport.js';
export { fetchTransport } from './http/fetch-transport.js';
export { nodeHttpTransport } from './http/node-http-transport.js';
export {
  backoffDelay,
  DEFAULT_RETRY,
  parseRetryAfter,
  type RetryConfig,
} from './http/retry-timing.js';
export { pullConcatMap } from './observable/pull-concat-map.js';
export { PULL_HANDLE, type PullableObservable } from './observable/observe-scan.js';
export { nextPage, type PageDecision, type EndEvidence } from './pagination/next-page.js';
export type { Page } from './pagination/page-loop.js';
export type { ScanIterable } from './pagination/scan-iterable.js';
export type { ScanSummary, ScanEnd } from './pagination/scan-summary.js';
export { judgeScan, type JudgeScanOptions, type ScanVerdict } from './pagination/scan-verdict.js';
export { parseMeta, type PaginationMeta } from './parse/parse-meta.js';
export type { Customer, DookiDate, DookiPhone } from './parse/customer.js';
export type { Cluster, ClusterRestrictionLists } from './parse/cluster.js';
export { SECRET_CUSTOMER_FIELDS, stripSecrets, type SecretCustomerField } from './parse/secrets.js';
export type { RateLimitConfig, RateLimitWaitReason } from './rate-limit/rate-limiter.js';
export type { DookiRoute } from './rate-limit/registry.js';
export { insecureUrlReason, isLoopbackHost } from './net/loopback.js';
export { DEFAULT_BASE_URL } from './client-context.js';
export { describeWait, formatDuration } from './http/describe-wait.js';
