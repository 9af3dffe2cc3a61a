import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { YampiClient } from '../../transport/client';
import { clusterLocator, readClusterId } from '../common';
import { toJson } from '../to-json';

const show = { resource: ['cluster'], operation: ['get'] };

export const description: INodeProperties[] = [clusterLocator({ show })];

/** Cluster › Get: one cluster's settings (name, rules, payment and carrier ids...). */
export async function execute(
  this: IExecuteFunctions,
  { client }: YampiClient,
  itemIndex: number,
): Promise<INodeExecutionData[]> {
  const clusterId = readClusterId(this, itemIndex);
  const cluster = await client.cluster(clusterId, { signal: this.getExecutionCancelSignal() });
  return [{ json: toJson(cluster, this.getNode().typeVersion), pairedItem: { item: itemIndex } }];
}
