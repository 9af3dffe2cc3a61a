import type { MembershipDiff } from '@clusterstream/core/membership';
import { NodeOperationError, type INode } from 'n8n-workflow';
import { DEFAULT_MAX_LEAVE_PERCENT, type BreakerSettings } from './membership';

/** Held ids named in the error; the count says how many more there are. */
const LISTED_IDS = 20;

/** Reads and checks the breaker parameters (absent on workflows saved before they existed). */
export function readBreakerSettings(
  node: INode,
  read: (name: string, fallback: number) => unknown,
): BreakerSettings {
  const maxLeavePercent = Number(read('maxLeavePercent', DEFAULT_MAX_LEAVE_PERCENT));
  const confirmHeldLeaves = Number(read('confirmHeldLeaves', 0));
  if (!(maxLeavePercent >= 0 && maxLeavePercent <= 100)) {
    throw new NodeOperationError(node, 'Max Leave Percentage must be between 0 and 100', {
      description: `Got ${String(maxLeavePercent)}.`,
    });
  }
  if (!Number.isInteger(confirmHeldLeaves) || confirmHeldLeaves < 0) {
    throw new NodeOperationError(node, 'Confirm Held Leaves must be a whole number, 0 or more', {
      description: `Got ${String(confirmHeldLeaves)}.`,
    });
  }
  return { maxLeavePercent, confirmHeldLeaves };
}

/**
 * The failure of a poll whose leaves the breaker held: what was held and how to release it.
 * The poll emits nothing and keeps its state, so nothing is lost while the user decides.
 */
export function heldLeavesError(
  node: INode,
  clusterId: number,
  diff: MembershipDiff,
  previousSize: number,
  { maxLeavePercent }: BreakerSettings,
): NodeOperationError {
  const held = diff.held.length;
  const share = Math.ceil((diff.breaker.absent / previousSize) * 1000) / 10;
  const cause =
    diff.breaker.reason === 'empty-scan'
      ? `cluster ${clusterId} is now empty (it had ${previousSize} members)`
      : `${diff.breaker.absent} of ${previousSize} members (${share}%) are missing, more than the ${maxLeavePercent}% allowed`;
  const listed = Array.from(diff.held.subarray(0, LISTED_IDS)).join(', ');
  const more = held > LISTED_IDS ? ` and ${held - LISTED_IDS} more` : '';
  const raise =
    diff.breaker.reason === 'empty-scan'
      ? ''
      : `, or raise "Max Leave Percentage" to ${share} or more`;
  return new NodeOperationError(node, `Held ${held} "customer left" events: ${cause}`, {
    description:
      `The mass-change breaker held these leaves instead of emitting them; no item was emitted and the stored membership is unchanged. ` +
      `Held customer ids: ${listed}${more}. ` +
      `If they really left, set "Confirm Held Leaves" to ${held}${raise}: the next poll emits them (set it back to 0 afterwards). ` +
      `If they come back to the cluster, the hold ends without any event.`,
  });
}
