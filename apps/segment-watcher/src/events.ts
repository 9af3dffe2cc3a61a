import { createHash } from 'node:crypto';

export type ClusterChangeType = 'customer.joined' | 'customer.left' | 'customer.updated';

/** Thin customer payload: `id` plus the chosen fields; never `token` or `login_url`. */
export type CustomerPayload = { id: number } & Record<string, unknown>;

/**
 * One membership change, as delivered to every sink (one NDJSON line, one webhook body).
 *
 * @example
 * {"id":"evt_3f…","type":"customer.left","alias":"demo-store","cluster_id":1,"customer_id":42,
 *  "scan":7,"detected_at":"2026-11-28T18:00:00.000Z","data":{"id":42,"name":"Ana","email":"a@x.br"}}
 */
export interface ClusterChange {
  /** Deterministic: the same change always gets the same id, across retries and restarts. */
  id: string;
  type: ClusterChangeType;
  alias: string;
  cluster_id: number;
  customer_id: number;
  /** The scan number (per cluster) whose result produced this event. */
  scan: number;
  /** When that scan finished, ISO 8601 UTC. */
  detected_at: string;
  data: CustomerPayload;
}

/** Identifies a change; `scan` is the scan generation that detected it. */
export interface ChangeKey {
  alias: string;
  clusterId: number;
  customerId: number;
  type: ClusterChangeType;
  scan: number;
}

/**
 * Derives the event id from what the change *is*, so a redelivery or a replay carries the same id
 * and receivers can dedupe on it.
 *
 * @example
 * eventId({ alias: 'demo-store', clusterId: 1, customerId: 42, type: 'customer.joined', scan: 3 });
 * // 'evt_…' (32 hex digits, always the same for these inputs)
 */
export function eventId(key: ChangeKey): string {
  const digest = createHash('sha256')
    .update(
      `${key.alias}\u0000${key.clusterId}\u0000${key.customerId}\u0000${key.type}\u0000${key.scan}`,
    )
    .digest('hex');
  return `evt_${digest.slice(0, 32)}`;
}

/** Builds the full event for a change key. */
export function buildChange(
  key: ChangeKey,
  detectedAt: Date,
  data: CustomerPayload,
): ClusterChange {
  return {
    id: eventId(key),
    type: key.type,
    alias: key.alias,
    cluster_id: key.clusterId,
    customer_id: key.customerId,
    scan: key.scan,
    detected_at: detectedAt.toISOString(),
    data,
  };
}
