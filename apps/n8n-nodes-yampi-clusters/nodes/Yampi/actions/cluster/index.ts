import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as getAll from './get-many.operation';

export { get, getAll };

export const description: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    displayOptions: { show: { resource: ['cluster'] } },
    options: [
      {
        name: 'Get',
        value: 'get',
        description: 'Get a cluster',
        action: 'Get a cluster',
      },
      {
        name: 'Get Many',
        value: 'getAll',
        description: 'Get many clusters',
        action: 'Get many clusters',
      },
    ],
    default: 'getAll',
  },
  ...get.description,
  ...getAll.description,
];
