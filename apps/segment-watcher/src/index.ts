export { watchCluster, type WatchClusterOptions } from './watch-cluster.js';
export {
  buildChange,
  eventId,
  type ChangeKey,
  type ClusterChange,
  type ClusterChangeType,
  type CustomerPayload,
} from './events.js';
export {
  diffMembership,
  EMPTY_SNAPSHOT,
  type BreakerReason,
  type MemberSnapshot,
  type MembershipDiff,
  type ScanObservation,
  DEFAULT_TRUTH_RULES,
  resolveTruthRules,
  type TruthRules,
} from '@clusterstream/core/membership';
export { scanCluster, type ScanClusterOptions, type ScanResult } from './scan/scan-cluster.js';
export { DEFAULT_PAYLOAD_FIELDS } from './scan/customer-fields.js';
export type { ClusterRow } from './state/types.js';
export { StateFileError, StateVersionError, StateWriteError } from './state/errors.js';
export type { TightenedFile } from './state/private-file.js';
export type { OutboxStore, StateBackend } from './state/backend.js';
export { openBackend, type OpenBackendOptions } from './state/open-backend.js';
export {
  createPostgresPool,
  isDatabaseUnreachable,
  type PostgresPoolOptions,
} from './state/postgres/pool.js';
export { POSTGRES_SCHEMA, POSTGRES_SCHEMA_VERSION } from './state/postgres/migrations.js';
export { isPostgresUrl, redactDatabaseUrl } from './state/database-url.js';
export type { ClusterStatus, StatusReport } from './state/status-report.js';
export type { ScanOutcome, ScanRecord } from './state/commit-plan.js';
export { StoreRunner, type Exclusion, type StoreRunnerOptions } from './watcher/store-runner.js';
export { runCycle, type CycleReport } from './watcher/run-cycle.js';
export type { ClusterReport } from './watcher/scan-and-commit.js';
export type { DeliveryReport } from './watcher/deliver.js';
export type { WatchSettingsInput } from './watcher/watch-settings.js';
export type { SinkSpec } from './sinks/open-sinks.js';
export type { DeliveryResult, EventSink, OutboxEvent } from './sinks/sink.js';
export { createNdjsonStreamSink } from './sinks/ndjson-stream-sink.js';
export { createNdjsonFileSink, type NdjsonFileSinkOptions } from './sinks/ndjson-file-sink.js';
export {
  createWebhookSink,
  WebhookDisabledError,
  type WebhookSinkOptions,
} from './webhooks/webhook-sink.js';
export {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
  type VerifyWebhookOptions,
  type WebhookHeaders,
} from './webhooks/standard-webhooks.js';
