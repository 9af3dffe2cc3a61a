import {
  NodeOperationError,
  type IDisplayOptions,
  type IExecuteFunctions,
  type INode,
  type INodeProperties,
} from 'n8n-workflow';

/**
 * The cluster picker: a searchable list of the store's clusters, or a typed ID.
 *
 * @example
 * properties: [clusterLocator({ show: { resource: ['cluster'], operation: ['get'] } })]
 */
export function clusterLocator(displayOptions?: IDisplayOptions): INodeProperties {
  return {
    displayName: 'Cluster',
    name: 'clusterId',
    type: 'resourceLocator',
    default: { mode: 'list', value: '' },
    required: true,
    description: 'The customer cluster (segment) to read',
    ...(displayOptions && { displayOptions }),
    modes: [
      {
        displayName: 'From List',
        name: 'list',
        type: 'list',
        placeholder: 'Select a cluster...',
        typeOptions: { searchListMethod: 'searchClusters', searchable: true },
      },
      {
        displayName: 'By ID',
        name: 'id',
        type: 'string',
        placeholder: 'e.g. 42',
        validation: [
          {
            type: 'regex',
            properties: {
              regex: '^\\s*[0-9]+\\s*$',
              errorMessage: 'A cluster ID is a whole number',
            },
          },
        ],
      },
    ],
  };
}

/**
 * Return All and Limit, per n8n's Get Many convention. Limit becomes core's `maxItems`, so
 * fetching stops as soon as enough items arrived.
 */
export function paginationFields(displayOptions: IDisplayOptions): INodeProperties[] {
  return [
    {
      displayName: 'Return All',
      name: 'returnAll',
      type: 'boolean',
      default: false,
      description: 'Whether to return all results or only up to a given limit',
      displayOptions,
    },
    {
      displayName: 'Limit',
      name: 'limit',
      type: 'number',
      default: 50,
      typeOptions: { minValue: 1 },
      description: 'Max number of results to return',
      displayOptions: { show: { ...displayOptions.show, returnAll: [false] } },
    },
  ];
}

/** Reads `returnAll`/`limit` as core's `maxItems` (undefined = everything). */
export function readMaxItems(context: IExecuteFunctions, itemIndex: number): number | undefined {
  if (context.getNodeParameter('returnAll', itemIndex, false)) return undefined;
  const limit = context.getNodeParameter('limit', itemIndex, 50);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new NodeOperationError(context.getNode(), `Limit must be a whole number of at least 1`, {
      itemIndex,
    });
  }
  return limit;
}

/** Parses the cluster picker's value (list or typed ID) as a positive integer id. */
export function parseClusterId(node: INode, raw: unknown, itemIndex?: number): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const id = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new NodeOperationError(node, `"${text}" is not a valid cluster ID`, {
      ...(itemIndex !== undefined && { itemIndex }),
      description: 'Pick the cluster from the list, or enter its numeric ID.',
    });
  }
  return id;
}

/** Reads the cluster parameter of an action node's item as a positive integer id. */
export function readClusterId(context: IExecuteFunctions, itemIndex: number): number {
  const raw = context.getNodeParameter('clusterId', itemIndex, '', { extractValue: true });
  return parseClusterId(context.getNode(), raw, itemIndex);
}
