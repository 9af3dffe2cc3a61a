import type { Customer } from '@clusterstream/core';
import type { INodeExecutionData } from 'n8n-workflow';
import { customerIdOf, shapeCustomer } from '../Yampi/helpers/customer-output';

export type MembershipEvent = 'joined' | 'left';

/** A customer who appeared in the cluster; their record comes without secret fields. */
export function joinedItem(
  clusterId: number,
  customerId: number,
  customer: Customer | undefined,
  detectedAt: string,
): INodeExecutionData {
  return {
    json: {
      event: 'joined',
      clusterId,
      customerId,
      detectedAt,
      customer: customer ? shapeCustomer(customer) : null,
    },
  };
}

/** A customer missing from two complete scans in a row: only the id is known by then. */
export function leftItem(
  clusterId: number,
  customerId: number,
  detectedAt: string,
): INodeExecutionData {
  return { json: { event: 'left', clusterId, customerId, detectedAt } };
}

/** "Fetch Test Event": a real customer of the cluster shaped like the first selected event. */
export function sampleItem(
  events: ReadonlySet<MembershipEvent>,
  clusterId: number,
  customer: Customer,
): INodeExecutionData {
  const detectedAt = new Date().toISOString();
  const customerId = customerIdOf(customer);
  return events.has('joined') || events.size === 0
    ? joinedItem(clusterId, customerId, customer, detectedAt)
    : leftItem(clusterId, customerId, detectedAt);
}
