import { expect } from 'vitest';
import { eventId, type ClusterChange } from '../../src/events.js';
import { ALIAS } from './fixtures.js';

/** Membership at the start and the end of one scan, from the simulator's ground truth. */
export interface ScanTruth {
  scan: number;
  start: Set<number>;
  end: Set<number>;
}

/**
 * Asserts that no event is false: a join names a customer who was a member during that scan, a
 * leave names one who was not a member when the scan ended; ids are the deterministic ones.
 */
export function expectNoFalseEvents(
  events: readonly ClusterChange[],
  truths: readonly ScanTruth[],
): void {
  const byScan = new Map(truths.map((truth) => [truth.scan, truth]));
  for (const event of events) {
    const truth = byScan.get(event.scan);
    expect(truth, `event from unknown scan ${event.scan}`).toBeDefined();
    const member = truth!.start.has(event.customer_id) || truth!.end.has(event.customer_id);
    if (event.type === 'customer.joined')
      expect(member, `false join ${event.customer_id} @${event.scan}`).toBe(true);
    if (event.type === 'customer.left') {
      expect(
        truth!.end.has(event.customer_id),
        `false leave ${event.customer_id} @${event.scan}`,
      ).toBe(false);
    }
    const key = {
      alias: ALIAS,
      clusterId: event.cluster_id,
      customerId: event.customer_id,
      type: event.type,
      scan: event.scan,
    };
    expect(event.id).toBe(eventId(key));
    expect(event.data).not.toHaveProperty('token');
    expect(event.data).not.toHaveProperty('login_url');
  }
  expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
}

/** Replays join/leave events over the baseline, in delivery order. */
export function replayMembership(
  baseline: Iterable<number>,
  events: readonly ClusterChange[],
): number[] {
  const members = new Set(baseline);
  for (const event of events) {
    if (event.type === 'customer.joined') members.add(event.customer_id);
    if (event.type === 'customer.left') members.delete(event.customer_id);
  }
  return [...members].sort((a, b) => a - b);
}
