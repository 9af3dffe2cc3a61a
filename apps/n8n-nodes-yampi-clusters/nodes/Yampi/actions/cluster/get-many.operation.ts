import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { lastValueFrom, map, toArray } from 'rxjs';
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
  const clusters = client.clusters({
    pageSize: Math.min(100, maxItems ?? 100),
    ...(maxItems !== undefined && { maxItems }),
    signal: this.getExecutionCancelSignal(),
  });
  return await lastValueFrom(
    clusters.pipe(
      map((cluster): INodeExecutionData => ({
        json: toJson(cluster, this.getNode().typeVersion),
        pairedItem: { item: itemIndex },
      })),
      toArray(),
    ),
  );
}
