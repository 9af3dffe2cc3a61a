import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { shapeCustomer, type CustomerOutputOptions } from '../../helpers/customer-output';
import type { YampiClient } from '../../transport/client';
import { clusterLocator, paginationFields, readClusterId, readMaxItems } from '../common';

const show = { resource: ['clusterCustomer'], operation: ['getAll'] };

interface Options extends CustomerOutputOptions {
  pageSize?: number;
}

export const description: INodeProperties[] = [
  clusterLocator({ show }),
  ...paginationFields({ show }),
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    displayOptions: { show },
    options: [
      {
        displayName: 'Include Secret Fields',
        name: 'includeSecretFields',
        type: 'boolean',
        default: false,
        description:
          'Whether to keep each customer’s "token" and "login_url". Anyone holding them can sign in to the storefront as that customer, so they are removed by default.',
      },
      {
        displayName: 'Page Size',
        name: 'pageSize',
        type: 'number',
        default: 100,
        typeOptions: { minValue: 1, maxValue: 100 },
        description:
          'Customers per API request (Yampi allows at most 100). Fewer requests means less of the rate limit used.',
      },
      {
        displayName: 'Simplify',
        name: 'simplify',
        type: 'boolean',
        default: false,
        description:
          'Whether to return a flat subset of the fields (ID, name, email, phone, type, status, cluster, consent flags, dates) instead of the full record',
      },
    ],
  },
];

/** Cluster Customer › Get Many: one item per member of the cluster, in ascending id order. */
export async function execute(
  this: IExecuteFunctions,
  { client }: YampiClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const clusterId = readClusterId(this, itemIndex);
  const maxItems = readMaxItems(this, itemIndex);
  const options = this.getNodeParameter('options', itemIndex, {}) as Options;
  // No point asking for 100 customers when the limit is 5.
  const pageSize = Math.min(options.pageSize ?? 100, maxItems ?? 100);
  const items: INodeExecutionData[] = [];
  const customers = client.iterateClusterCustomers(clusterId, {
    pageSize,
    ...(maxItems !== undefined && { maxItems }),
    signal: this.getExecutionCancelSignal(),
  });
  for await (const customer of customers) {
    items.push({ json: shapeCustomer(customer, options), pairedItem: { item: itemIndex } });
  }
  return items;
}
