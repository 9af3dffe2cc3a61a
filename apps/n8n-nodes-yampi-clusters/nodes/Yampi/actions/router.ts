import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { createYampiClient, type YampiClient } from '../transport/client';
import { toNodeApiError } from '../transport/errors';
import * as cluster from './cluster';
import * as clusterCustomer from './clusterCustomer';

type Operation = (
  this: IExecuteFunctions,
  yampi: YampiClient,
  itemIndex: number,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation | undefined> | undefined> = {
  cluster: { get: cluster.get.execute, getAll: cluster.getAll.execute },
  clusterCustomer: { getAll: clusterCustomer.getAll.execute },
};

/**
 * Runs the chosen operation once per input item. One client serves every item, so the
 * rate-limit pacing spans the whole run.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const inputs = this.getInputData();
  const yampi = await createYampiClient(this);
  const output: INodeExecutionData[] = [];
  for (let itemIndex = 0; itemIndex < inputs.length; itemIndex += 1) {
    const resource = this.getNodeParameter('resource', itemIndex);
    const operation = this.getNodeParameter('operation', itemIndex);
    try {
      const run = operations[resource]?.[operation];
      if (!run) {
        throw new NodeOperationError(
          this.getNode(),
          `The operation "${operation}" is not supported for resource "${resource}"`,
          { itemIndex },
        );
      }
      output.push(...(await run.call(this, yampi, itemIndex)));
    } catch (error) {
      const failure =
        error instanceof NodeOperationError
          ? error
          : toNodeApiError(
              this.getNode(),
              error,
              { ...yampi, clusterId: clusterIdOf(this, itemIndex) },
              itemIndex,
            );
      if (!this.continueOnFail()) throw failure;
      output.push({
        json: { error: failure.message, description: failure.description ?? null },
        pairedItem: { item: itemIndex },
      });
    }
  }
  return [output];
}

function clusterIdOf(context: IExecuteFunctions, itemIndex: number): string | undefined {
  // Cluster › Get Many has no cluster parameter: the fallback keeps this from throwing.
  const value = context.getNodeParameter('clusterId', itemIndex, '', { extractValue: true });
  return (typeof value === 'string' && value !== '') || typeof value === 'number'
    ? String(value)
    : undefined;
}
