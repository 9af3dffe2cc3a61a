import { type DookiClient } from '@clusterstream/core';
import { resolveTruthRules, type TruthRules } from '@clusterstream/core/membership';
import { DEFAULT_PAYLOAD_FIELDS, parseFieldList } from '../scan/customer-fields.js';
import { type StateBackend } from '../state/backend.js';
import { SqliteBackend } from '../state/sqlite/backend.js';
import { StateStore } from '../state/sqlite/connection.js';
import { type WatchSettings } from './scan-and-commit.js';

/** What a caller must say about a watch; everything else has a default. */
export interface WatchSettingsInput extends Partial<TruthRules> {
  client: DookiClient;
  alias: string;
  /** An open backend, or an open SQLite {@link StateStore}. */
  state: StateBackend | StateStore;
  emitInitial?: boolean;
  payloadFields?: readonly string[];
  updateFields?: readonly string[] | null;
  totalTolerance?: number;
  pageSize?: number;
  signal?: AbortSignal;
}

/**
 * Fills the defaults (silent baseline, `name,email` payload, no update events, exact totals) and
 * validates rules and field lists, throwing `RangeError` on nonsense.
 *
 * @example
 * const settings = resolveWatchSettings({ client, alias: 'my-store', state: openState('w.db') });
 */
export function resolveWatchSettings(input: WatchSettingsInput): WatchSettings {
  return {
    client: input.client,
    alias: input.alias,
    state: input.state instanceof StateStore ? new SqliteBackend(input.state) : input.state,
    rules: resolveTruthRules(input),
    emitInitial: input.emitInitial ?? false,
    payloadFields: parseFieldList(input.payloadFields ?? DEFAULT_PAYLOAD_FIELDS, 'payloadFields'),
    updateFields: input.updateFields ? parseFieldList(input.updateFields, 'updateFields') : null,
    totalTolerance: input.totalTolerance ?? 0,
    ...(input.pageSize === undefined ? {} : { pageSize: input.pageSize }),
    ...(input.signal === undefined ? {} : { signal: input.signal }),
  };
}
