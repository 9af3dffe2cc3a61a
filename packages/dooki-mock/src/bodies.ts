import type { AsciiWriter } from './ascii-writer.js';
import { MAX_CUSTOMER_BYTES, writeCustomer } from './customer.js';
import { dookiDate } from './dates.js';
import type { DookiDate } from './customer-types.js';
import { paginationMeta } from './pagination.js';
import { phpJson } from './php-json.js';
import { hash32, Rng } from './random.js';
import type { MockState } from './state.js';

/** A cluster object as the docs' schema describes it. */
export interface Cluster {
  id: number;
  name: string;
  active: boolean;
  attach_on_signup: boolean;
  person_type: string;
  min_order_value: number;
  base_price_percent: number;
  payments_ids: number[];
  carriers_ids: number[];
  restrictions: { include: Restriction };
  exclude: Restriction;
  include_ids: number[];
  exclude_ids: number[];
  created_at: DookiDate;
  updated_at: DookiDate;
}

interface Restriction {
  products_ids: number[];
  brands_ids: number[];
  collections_ids: number[];
  categories_ids: number[];
}

const emptyRestriction = (): Restriction => ({
  products_ids: [],
  brands_ids: [],
  collections_ids: [],
  categories_ids: [],
});

export function clusterObject(state: MockState, id: number, name: string): Cluster {
  const rng = new Rng(hash32(state.seed, id, 0xc1a5));
  const createdAt = Date.UTC(2021, 0, 1) + rng.int(1500) * 86_400_000;
  return {
    id,
    name,
    active: true,
    attach_on_signup: rng.chance(0.3),
    person_type: rng.pick(['all', 'f', 'j']),
    min_order_value: rng.range(0, 50) * 10,
    base_price_percent: rng.range(0, 20),
    payments_ids: [1, 2, 3].filter(() => rng.chance(0.7)),
    carriers_ids: [1, 2].filter(() => rng.chance(0.6)),
    restrictions: { include: emptyRestriction() },
    exclude: emptyRestriction(),
    include_ids: [],
    exclude_ids: [],
    created_at: dookiDate(createdAt),
    updated_at: dookiDate(createdAt + rng.int(300) * 86_400_000),
  };
}

interface PageRequest {
  page: number;
  limit: number;
  selfUrl: string;
}

/**
 * Page of a cluster's members as ASCII JSON bytes written into `out` (a view of its memory), or
 * undefined when the cluster is unknown or deleted. Bytes rather than a string: the page is
 * written once and goes to the socket as is.
 */
export function clusterCustomersBody(
  state: MockState,
  clusterId: number,
  paging: PageRequest,
  out: AsciiWriter,
): Buffer | undefined {
  const members = state.store.members(clusterId);
  if (!members) return undefined;
  const total = members.count;
  const ids = members.slice((paging.page - 1) * paging.limit, paging.limit);
  const meta = phpJson(paginationMeta({ ...paging, total, count: ids.length }, state.quirks));
  out.reserve(ids.length * (MAX_CUSTOMER_BYTES + 1) + meta.length + 32);
  out.text('{"data":[');
  ids.forEach((id, i) => {
    if (i > 0) out.text(',');
    writeCustomer(out, state, id, clusterId);
  });
  out.text('],"meta":');
  out.text(meta);
  out.text('}');
  return out.view();
}

export function clustersBody(state: MockState, paging: PageRequest): string {
  const all = state.store.list();
  const slice = all.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  const data = slice.map((c) => clusterObject(state, c.id, c.name));
  const meta = paginationMeta({ ...paging, total: all.length, count: data.length }, state.quirks);
  return phpJson({ data, meta });
}

export function clusterBody(state: MockState, clusterId: number): string | undefined {
  const cluster = state.store.list().find((c) => c.id === clusterId);
  return cluster && phpJson({ data: clusterObject(state, cluster.id, cluster.name) });
}

/** `POST /auth/me`: the user behind the credential and the stores (one or more) it reaches. */
export function authMeBody(reached: readonly MockState[]): string {
  const first = reached[0];
  if (!first) throw new Error('authMeBody needs at least one store');
  return phpJson({
    data: {
      id: 1000 + (first.merchantId % 9000),
      name: 'Usuário Demo',
      email: `api@${first.alias}.com.br`,
      merchants: {
        data: reached.map((state) => ({
          id: state.merchantId,
          alias: state.alias,
          name: state.alias,
          active: state.storeActive,
        })),
      },
    },
  });
}
