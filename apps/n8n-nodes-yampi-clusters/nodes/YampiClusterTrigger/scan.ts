import {
  isDookiError,
  judgeScan,
  type Customer,
  type DookiClient,
  type ScanSummary,
} from '@clusterstream/core';
import { customerIdOf } from '../Yampi/helpers/customer-output';
import { readScan } from '../shared/read-scan';

export interface MemberScan {
  /** Every page read and the count matches the API's total: absences can be trusted. */
  complete: boolean;
  ids: Set<number>;
  /** Why the scan failed (the caller reports it); absent when it merely ran out of time. */
  failure?: unknown;
  /** Full records, kept only for customers outside `keepCustomersOutside` (the joiners). */
  customers: Map<number, Customer>;
}

export interface ScanMembersOptions {
  /** Known members: their records are not kept, so memory stays at ids plus joiners. */
  keepCustomersOutside?: ReadonlySet<number>;
  /** Stop before n8n's poll budget runs out; a scan cut short counts as incomplete. */
  budgetMs?: number;
}

// Leave time to save the state and hand the items over before the host gives up on the poll.
const BUDGET_MARGIN = 0.8;

/**
 * Reads a cluster's full member list from core's page Observable (100 per page, paced,
 * retried); the last page's scan summary gives core's verdict.
 *
 * @example
 * const scan = await scanMembers(client, 42, { keepCustomersOutside: new Set([1, 2]) });
 * if (scan.complete) reconcile(state, 42, scan.ids);
 */
export async function scanMembers(
  client: DookiClient,
  clusterId: number,
  { keepCustomersOutside, budgetMs }: ScanMembersOptions = {},
): Promise<MemberScan> {
  const ids = new Set<number>();
  const customers = new Map<number, Customer>();
  const budget =
    budgetMs === undefined ? undefined : AbortSignal.timeout(Math.floor(budgetMs * BUDGET_MARGIN));
  const pages = client.clusterCustomerPages(clusterId, {
    pageSize: 100,
    ...(budget && { signal: budget }),
  });
  let summary: Readonly<ScanSummary>;
  try {
    summary = await readScan(pages, ({ items }) => {
      for (const customer of items) {
        const id = customerIdOf(customer);
        ids.add(id);
        if (keepCustomersOutside && !keepCustomersOutside.has(id)) customers.set(id, customer);
      }
    });
  } catch (error) {
    // Running out of time is not a failure: the next poll starts over.
    const outOfTime = budget?.aborted && isDookiError(error) && error.code === 'DOOKI_ERR_ABORTED';
    return { complete: false, ids, customers, ...(!outOfTime && { failure: error }) };
  }
  // Absences are trusted only from a scan that is whole and of one moment (core's verdict).
  const verdict = judgeScan(summary);
  return { complete: verdict.complete && verdict.consistent, ids, customers };
}
