import {
  NodeConnectionTypes,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
} from 'n8n-workflow';
import * as cluster from './actions/cluster';
import * as clusterCustomer from './actions/clusterCustomer';
import { router } from './actions/router';
import { searchClusters } from './methods/list-search';

/**
 * The Yampi action node: read customer clusters and their members through the Dooki API,
 * with core's paging, pacing and retries.
 */
export class Yampi implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Yampi',
    name: 'yampi',
    icon: { light: 'file:../../icons/yampi.svg', dark: 'file:../../icons/yampi.dark.svg' },
    group: ['input'],
    // 2: Simplify and Prepare for Ad Audience at the top level (Simplify on), ISO 8601 dates.
    version: [1, 2],
    defaultVersion: 2,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Read Yampi customer clusters and the customers in them',
    defaults: { name: 'Yampi' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'yampiApi', required: true }],
    properties: [
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: [
          { name: 'Cluster', value: 'cluster' },
          { name: 'Cluster Customer', value: 'clusterCustomer' },
        ],
        default: 'clusterCustomer',
      },
      ...cluster.description,
      ...clusterCustomer.description,
    ],
  };

  methods = { listSearch: { searchClusters } };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return router.call(this);
  }
}
