import type { INodeProperties } from 'n8n-workflow';
import * as getAll from './get-many.operation';

export { getAll };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['clusterCustomer'] } },
    options: [
      {
        name: 'Get Many',
        value: 'getAll',
        description: 'Get many customers of a cluster',
        action: 'Get many customers of a cluster',
      },
    ],
    default: 'getAll',
  },
  ...getAll.description,
];
