import { customerJson } from '../customer.js';
import type { CustomerContext } from '../customer-types.js';
import { paginationMeta } from '../pagination.js';
import { phpJson } from '../php-json.js';
import { DEFAULT_QUIRKS } from '../state.js';

/** What one cluster-customers page says: the ids in `data` and the figures in its meta. */
export interface PageShape {
  ids: readonly number[];
  /** `meta.pagination.total`; `total_pages` follows from it and `limit`, as on the real API. */
  total: number;
  /** `current_page`. */
  page: number;
  /** `per_page`. */
  limit: number;
  /** Listing URL without query, for `links`. */
  selfUrl: string;
}

/**
 * A cluster-customers page as the simulator serialises it (same customers, same Fractal meta),
 * with whatever figures a hostile server chooses to put in it.
 */
export function customersPageJson(
  context: CustomerContext,
  clusterId: number,
  shape: PageShape,
): string {
  const data = shape.ids.map((id) => customerJson(context, id, clusterId)).join(',');
  const meta = paginationMeta(
    {
      total: shape.total,
      count: shape.ids.length,
      limit: shape.limit,
      page: shape.page,
      selfUrl: shape.selfUrl,
    },
    DEFAULT_QUIRKS,
  );
  return `{"data":[${data}],"meta":${phpJson(meta)}}`;
}
