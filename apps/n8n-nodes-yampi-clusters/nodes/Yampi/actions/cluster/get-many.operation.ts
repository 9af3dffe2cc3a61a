import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { YampiClient } from '../../transport/client';
import { paginationFields, readMaxItems } from '../common';
import { toJson } from '../to-json';

const show = { resource: ['cluster'], operation: ['getAll'] };

export const description: INodeProperties[] = [...paginationFields({ show })];

/** Cluster › Get Many: the store's clusters, paged by core until done or the limit is hit. */
export async function execute(
  this: IExecuteFunctions,
  { client }: YampiClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const maxItems = readMaxItems(this, itemIndex);
  const items: INodeExecutionData[] = [];
  const clusters = client.iterateClusters({
    pageSize: Math.min(100, maxItems ?? 100),
    ...(maxItems !== undefined && { maxItems }),
    signal: this.getExecutionCancelSignal(),
  });
  for await (const cluster of clusters) {
    items.push({ json: toJson(cluster), pairedItem: { item: itemIndex } });
  }
  return items;
}
