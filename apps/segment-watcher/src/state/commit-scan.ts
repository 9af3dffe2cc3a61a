/**
 * Compatibility re-export: code outside src/state that this change may not edit still imports
 * this path. Delete once it imports ./commit-plan.js instead.
 */
export {
  StaleSnapshotError,
  type CommitInput,
  type CommitResult,
  type ScanOutcome,
  type ScanRecord,
} from './commit-plan.js';
