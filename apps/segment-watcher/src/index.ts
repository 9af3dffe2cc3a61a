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
export { openState, StateStore, type OpenStateOptions } from './state/sqlite/connection.js';
export type { ClusterRow } from './state/types.js';
export { StateFileError, StateVersionError, StateWriteError } from './state/errors.js';
export { SCHEMA_VERSION } from './state/sqlite/migrations.js';
export type { TightenedFile } from './state/private-file.js';
export { Outbox } from './state/sqlite/outbox.js';
export type { OutboxStore, StateBackend } from './state/backend.js';
export { openBackend } from './state/open-backend.js';
export { SqliteBackend } from './state/sqlite/backend.js';
export { PostgresBackend, type PostgresBackendOptions } from './state/postgres/backend.js';
export {
  createPostgresPool,
  isDatabaseUnreachable,
  postgresPoolConfig,
  type PostgresPoolOptions,
} from './state/postgres/pool.js';
export { POSTGRES_SCHEMA, POSTGRES_SCHEMA_VERSION } from './state/postgres/migrations.js';
export { isPostgresUrl, redactDatabaseUrl } from './state/database-url.js';
export type { ClusterStatus, StatusReport } from './state/status-report.js';
export type { ScanOutcome, ScanRecord } from './state/commit-plan.js';
export { runCycle, type CycleReport } from './watcher/run-cycle.js';
export {
  scanAndCommit,
  type ClusterReport,
  type WatchSettings,
} from './watcher/scan-and-commit.js';
export { deliverPending, type DeliveryReport } from './watcher/deliver.js';
export { resolveWatchSettings, type WatchSettingsInput } from './watcher/watch-settings.js';
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
