// The joined/left truth rules, shared by `dooki-watch` and the n8n trigger. Pure and
// dependency-free (no rxjs, no node:*, no timers, no globals) so any bundle can carry it.
export {
  diffMembership,
  EMPTY_SNAPSHOT,
  type BreakerReason,
  type MemberSnapshot,
  type MembershipDiff,
  type ScanObservation,
} from './diff-membership.js';
export { DEFAULT_TRUTH_RULES, resolveTruthRules, type TruthRules } from './rules.js';
export { idsObservation, type IdsObservationOptions } from './observation.js';
export { binarySearch, IdList } from './sorted-ids.js';
