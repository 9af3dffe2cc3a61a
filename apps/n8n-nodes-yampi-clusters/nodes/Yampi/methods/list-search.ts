import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { firstValueFrom } from 'rxjs';
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
    // The first page is all this call needs: taking it ends the scan, nothing is read ahead.
    const result = await firstValueFrom(
      yampi.client.clusterPages({ startPage: page, pageSize: 100, prefetch: 0 }),
      { defaultValue: undefined },
    );
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
