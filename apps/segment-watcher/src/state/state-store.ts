/**
 * Compatibility re-export: code outside src/state that this change may not edit still imports
 * this path. Delete once it imports ./sqlite/connection.js and ./types.js instead.
 */
export { openState, StateStore, type OpenStateOptions } from './sqlite/connection.js';
export type { ClusterRow, StagedMember } from './types.js';
