import type { Cluster, Page } from '@clusterstream/core';
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { createYampiClient } from '../transport/client';
import { toNodeApiError } from '../transport/errors';

/**
 * List search for the cluster picker: one API page of clusters per call (n8n asks for the
 * next one with the returned token), filtered by name or id.
 *
 * @example
 * methods = { listSearch: { searchClusters } };
 */
export async function searchClusters(
  this: ILoadOptionsFunctions,
  filter?: string,
  paginationToken?: string,
): Promise<INodeListSearchResult> {
  const yampi = await createYampiClient(this);
  const page = Math.max(1, Number(paginationToken) || 1);
  const needle = (filter ?? '').trim().toLowerCase();
  try {
    const pages = yampi.client.iterateClusterPages({ startPage: page, pageSize: 100, prefetch: 0 });
    // The first page is all this call needs; leaving the loop ends the scan.
    let result: Page<Cluster> | undefined;
    for await (const first of pages) {
      result = first;
      break;
    }
    if (!result) return { results: [] };
    const results = result.items
      .filter(({ id, name }) => !needle || `${name ?? ''} ${id}`.toLowerCase().includes(needle))
      .map(({ id, name }) => ({
        name: name ? `${name} (#${id})` : `Cluster #${id}`,
        value: String(id),
      }));
    return page < result.meta.totalPages
      ? { results, paginationToken: String(page + 1) }
      : { results };
  } catch (error) {
    throw toNodeApiError(this.getNode(), error, yampi);
  }
}
