// What the fleet scale bench judges, computed from what the run recorded: the scans table
// (when each cluster was scanned) and the simulator's rate-limit windows (what each store asked
// of each window). Pure functions over those records; fleet-scale.ts gathers them.
import type pg from 'pg';
import { median } from '@clusterstream/bench-kit';
import type { RateWindow } from '@clusterstream/dooki-mock';

/** One recorded scan: its cluster, when it started, how many customers it read. */
export interface ScanRecord {
  cluster: string;
  startedMs: number;
  customers: number;
}

/** The steady-state span: `count` intervals of `intervalMs` from `startMs`. */
export interface Span {
  startMs: number;
  intervalMs: number;
  count: number;
}

const spanEnd = (span: Span): number => span.startMs + span.count * span.intervalMs;
const within = (ms: number, span: Span): boolean => ms >= span.startMs && ms < spanEnd(span);

/** Every scan that read its cluster to the end (an incomplete one did not scan it). */
export async function completedScans(pool: pg.Pool): Promise<ScanRecord[]> {
  const { rows } = await pool.query<{ cluster: string; started_ms: string; customers: number }>(
    `select c.alias || ':' || c.cluster_id as cluster,
            extract(epoch from s.started_at) * 1000 as started_ms,
            s.unique_items as customers
       from dooki_watch.scans s join dooki_watch.clusters c using (cluster_key)
      where s.outcome <> 'incomplete'`,
  );
  return rows.map((row) => ({
    cluster: row.cluster,
    startedMs: Number(row.started_ms),
    customers: row.customers,
  }));
}

export interface Coverage {
  /** (cluster, interval) pairs with at least one scan started in that interval. */
  done: number;
  required: number;
  /** Time between two scans of one cluster, the later one in the span: longest and median. */
  longestGapMs: number;
  medianGapMs: number;
  /** Customers read by the scans started in the span. */
  customers: number;
}

/**
 * Whether every cluster was scanned in every interval of the span: the span is cut into
 * `count` intervals and each (cluster, interval) needs a scan that started in it.
 */
export function coverage(scans: readonly ScanRecord[], clusters: number, span: Span): Coverage {
  const starts = new Map<string, number[]>();
  let customers = 0;
  for (const scan of scans) {
    const list = starts.get(scan.cluster) ?? [];
    list.push(scan.startedMs);
    starts.set(scan.cluster, list);
    if (within(scan.startedMs, span)) customers += scan.customers;
  }
  let done = 0;
  const gaps: number[] = [];
  for (const list of starts.values()) {
    list.sort((a, b) => a - b);
    const slots = new Set<number>();
    list.forEach((ms, index) => {
      if (!within(ms, span)) return;
      slots.add(Math.floor((ms - span.startMs) / span.intervalMs));
      if (index > 0) gaps.push(ms - list[index - 1]!);
    });
    done += slots.size;
  }
  const longestGapMs = gaps.reduce((a, b) => Math.max(a, b), 0);
  return {
    done,
    required: clusters * span.count,
    longestGapMs,
    medianGapMs: median(gaps),
    customers,
  };
}

export interface WindowUse {
  /** Windows that opened in the span. */
  windows: number;
  /** The most requests (allowed + refused) one of them received, and its quota. */
  maxRequests: number;
  limit: number;
  /** Requests refused with 429 in those windows. */
  refused: number;
}

/** What the stores asked of their rate-limit windows that opened in the span. */
export function windowUse(windows: readonly RateWindow[], span: Span): WindowUse {
  const steady = windows.filter((window) => within(window.startedAt, span));
  let busiest: RateWindow | undefined;
  const demand = (window: RateWindow): number => window.allowed + window.refused;
  for (const window of steady)
    if (busiest === undefined || demand(window) / window.limit > demand(busiest) / busiest.limit)
      busiest = window;
  return {
    windows: steady.length,
    maxRequests: busiest === undefined ? 0 : demand(busiest),
    limit: busiest?.limit ?? Number.NaN,
    refused: steady.reduce((sum, window) => sum + window.refused, 0),
  };
}

/**
 * When the first rate-limit window of every (store, route, credential) has ended: the end of the
 * first cycle's burst, after which every window is a steady-state one.
 */
export function firstWindowsEnd(windows: readonly RateWindow[]): number {
  const first = new Map<string, number>();
  for (const window of windows) {
    const key = `${window.alias}\u0000${window.route}\u0000${window.credential}`;
    const end = window.startedAt + window.windowMs;
    first.set(key, Math.min(first.get(key) ?? end, end));
  }
  return Math.max(...first.values());
}
