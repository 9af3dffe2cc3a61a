import type { DookiDate } from '../customer/customer.js';

/** Product restrictions of a cluster; every list may be missing or null. */
export interface ClusterRestrictionLists {
  products_ids?: number[] | null;
  brands_ids?: number[] | null;
  collections_ids?: number[] | null;
  categories_ids?: number[] | null;
  [field: string]: unknown;
}

/**
 * A customer cluster (segment). Every documented field is typed and nullable;
 * unknown fields are preserved.
 */
export interface Cluster {
  id: number;
  name?: string | null;
  active?: boolean | null;
  attach_on_signup?: boolean | null;
  person_type?: string | null;
  min_order_value?: number | string | null;
  base_price_percent?: number | string | null;
  payments_ids?: number[] | null;
  carriers_ids?: number[] | null;
  restrictions?: {
    include?: ClusterRestrictionLists | null;
    exclude?: ClusterRestrictionLists | null;
  } | null;
  exclude?: ClusterRestrictionLists | null;
  include_ids?: number[] | string | null;
  exclude_ids?: number[] | string | null;
  created_at?: DookiDate | null;
  updated_at?: DookiDate | null;
  [field: string]: unknown;
}
