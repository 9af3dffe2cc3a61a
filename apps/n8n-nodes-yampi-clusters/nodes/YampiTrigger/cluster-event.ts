// The event `dooki-watch` delivers (its README's "Event schema"): one JSON object per request,
// whose fields the trigger emits unchanged as one item.

export const EVENT_TYPES = ['customer.joined', 'customer.left', 'customer.updated'] as const;
export type ClusterEventType = (typeof EVENT_TYPES)[number];

export interface ClusterEvent {
  id: string;
  type: ClusterEventType;
  alias: string;
  cluster_id: number;
  customer_id: number;
  scan: number;
  detected_at: string;
  data: Record<string, unknown>;
  [field: string]: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && Number(value) > 0;

/**
 * The verified body as a cluster event, or null when it is not one (a sender that holds the
 * secret but speaks another schema: answered 400, nothing emitted).
 */
export function asClusterEvent(body: unknown): ClusterEvent | null {
  if (!isRecord(body)) return null;
  const typeKnown = (EVENT_TYPES as readonly unknown[]).includes(body.type);
  const wellFormed =
    typeof body.id === 'string' &&
    body.id !== '' &&
    typeKnown &&
    typeof body.alias === 'string' &&
    isId(body.cluster_id) &&
    isId(body.customer_id) &&
    typeof body.detected_at === 'string' &&
    isRecord(body.data);
  return wellFormed ? (body as ClusterEvent) : null;
}

/** Which events the workflow wants: the node's Events, Clusters and Store Alias. */
export interface EventFilter {
  types: readonly ClusterEventType[];
  /** Empty: every cluster. */
  clusterIds: readonly number[];
  /** Empty: every store. */
  alias: string;
}

export function matchesFilter(event: ClusterEvent, filter: EventFilter): boolean {
  if (!filter.types.includes(event.type)) return false;
  if (filter.clusterIds.length > 0 && !filter.clusterIds.includes(event.cluster_id)) return false;
  return filter.alias === '' || filter.alias === event.alias;
}

/**
 * `"7, 8"` → `[7, 8]`; empty → `[]` (every cluster). Throws a RangeError naming the first entry
 * that is not a positive integer, so a typo fails at activation instead of filtering everything.
 */
export function parseClusterIds(text: string): number[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.map((entry) => {
    const id = Number(entry);
    if (!/^\d+$/.test(entry) || !isId(id)) {
      throw new RangeError(`"${entry}" is not a cluster ID (a positive whole number)`);
    }
    return id;
  });
}
