import type { RateLimitInfo } from '../http/events.js';
import type { RequestStats } from '../http/send-request.js';
import type { PaginationMeta } from '../parse/parse-meta.js';
import type { RateLimitDemand } from '../rate-limit/rate-limiter.js';
import { isDookiError } from '../errors/dooki-error.js';
import { abortError } from '../util/abortable-sleep.js';
import { IdSet } from '../util/id-set.js';
import { nextPage, PageGuard } from './next-page.js';
import { ScanTracker, type ScanEnd, type ScanSummary } from './scan-summary.js';

/** One page of a scan: de-duplicated items, normalized meta and the quota headers. */
export interface Page<T> {
  page: number;
  items: T[];
  meta: PaginationMeta;
  rateLimit: RateLimitInfo;
  /**
   * The scan's live summary (the same object for every page of a scan, final once it ends):
   * progress for a display, and for `judgeScan` when the stream completes.
   */
  scan: Readonly<ScanSummary>;
}

/**
 * Fetches and parses one page; the loop never knows which list it is walking. `demand` is
 * the scan's own count of the pages it will still request, kept current for the limiter.
 */
export type FetchPage<T> = (
  page: number,
  signal: AbortSignal,
  stats: RequestStats,
  demand: RateLimitDemand,
) => Promise<Omit<Page<T>, 'page' | 'scan'>>;

export interface PageLoopOptions {
  pageSize: number;
  startPage: number;
  prefetch: number;
  maxItems?: number;
  signal?: AbortSignal;
  onSummary?: (summary: ScanSummary) => void;
}

/** A started scan: its pages, its live summary, and a way to cancel it from outside. */
export interface PageScan<T> {
  readonly pages: AsyncGenerator<Page<T>, void, undefined>;
  readonly summary: ScanSummary;
  /** Aborts the in-flight requests and limiter waits at once; the loop then ends as cancelled. */
  abort(): void;
}

/**
 * THE page loop. Nothing is requested until the first `next()`. While the consumer holds
 * page k, at most pages up to k + `prefetch` have been requested (never beyond the
 * latest `total_pages`, nor beyond what `maxItems` still needs); responses are handed
 * out in page order. Ids are de-duplicated within the scan; termination follows
 * {@link nextPage}; {@link PageGuard} catches a non-advancing API.
 */
export function openPageScan<T extends { id: number }>(
  fetchPage: FetchPage<T>,
  options: PageLoopOptions,
): PageScan<T> {
  const controller = new AbortController();
  const tracker = new ScanTracker(options.onSummary);
  const pages = runLoop(fetchPage, options, controller, tracker);
  return { pages, summary: tracker.summary, abort: () => controller.abort() };
}

async function* runLoop<T extends { id: number }>(
  fetchPage: FetchPage<T>,
  options: PageLoopOptions,
  controller: AbortController,
  tracker: ScanTracker,
): AsyncGenerator<Page<T>, void, undefined> {
  const { pageSize, prefetch, maxItems } = options;
  const signal = controller.signal;
  const onOuterAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted === true) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  tracker.summary.startedAt = Date.now();

  const pending = new Map<number, Promise<Omit<Page<T>, 'page' | 'scan'>>>();
  // Each request gets its own signal, aborted with the scan's: the scan's signal then has
  // one listener however deep the read-ahead (no MaxListeners warning, no node:events).
  const inFlight = new Set<AbortController>();
  signal.addEventListener('abort', () => {
    for (const request of inFlight) request.abort(signal.reason);
  });
  const seen = new IdSet();
  const guard = new PageGuard();
  let nextToRequest = options.startPage;
  let knownTotalPages = options.startPage;
  let emitted = 0;
  let endedBy: Exclude<ScanEnd, 'running'> | undefined;
  // Unknown (infinite) until the first page tells the total; an overcount only keeps pacing.
  const demand: RateLimitDemand = { later: Infinity, ended: false };
  let current = options.startPage;
  let totalKnown = false;
  const declare = (): void => {
    if (!totalKnown) return;
    const forItems =
      maxItems === undefined ? Infinity : current + Math.ceil((maxItems - emitted) / pageSize);
    demand.later = Math.max(0, Math.min(knownTotalPages, forItems) - nextToRequest + 1);
  };

  const request = (page: number): void => {
    const own = new AbortController();
    if (signal.aborted) own.abort(signal.reason);
    inFlight.add(own);
    nextToRequest = page + 1;
    declare();
    const promise = fetchPage(page, own.signal, tracker.summary, demand);
    promise.then(
      () => inFlight.delete(own),
      () => inFlight.delete(own), // awaited later in page order; never unhandled meanwhile
    );
    pending.set(page, promise);
  };
  // Pages after `current` are requested only while assumed-full pages could still be needed.
  const stillNeeded = (page: number, current: number): boolean =>
    maxItems === undefined || emitted + (page - current - 1) * pageSize < maxItems;

  try {
    if (maxItems === 0) {
      tracker.finish('max-items');
      return;
    }
    for (let page = options.startPage; ;) {
      if (!pending.has(page)) request(page);
      const fetched = await pending.get(page)!;
      pending.delete(page);
      knownTotalPages = fetched.meta.totalPages;
      totalKnown = true;
      const room = maxItems === undefined ? Infinity : maxItems - emitted;
      const items: T[] = [];
      let dropped = 0;
      for (const item of fetched.items) {
        if (items.length >= room) break;
        if (seen.add(item.id)) items.push(item);
        else dropped += 1;
      }
      const context = { method: 'GET' as const, page };
      guard.check(page, fetched.meta, fetched.items.length, context, items.length);
      emitted += items.length;
      tracker.recordPage(fetched.meta, items.length, dropped, seen.size);

      const decision = nextPage(fetched.meta, page, fetched.items.length);
      const next = decision.done ? undefined : decision.next;
      current = page;
      if (decision.done) endedBy = decision.endedBy;
      else if (maxItems !== undefined && emitted >= maxItems) endedBy = 'max-items';
      else {
        for (let ahead = nextToRequest; ahead <= page + prefetch; ahead += 1) {
          if (ahead > knownTotalPages || !stillNeeded(ahead, page)) break;
          request(ahead);
        }
      }
      if (endedBy !== undefined || next === undefined) demand.ended = true;
      else declare();
      yield {
        page,
        items,
        meta: fetched.meta,
        rateLimit: fetched.rateLimit,
        scan: tracker.summary,
      };
      if (endedBy !== undefined || next === undefined) {
        tracker.finish(endedBy ?? 'error');
        return;
      }
      page = next;
    }
  } catch (error) {
    const cancelled = signal.aborted && isDookiError(error, 'DOOKI_ERR_ABORTED');
    tracker.finish(cancelled ? 'cancelled' : 'error');
    throw signal.aborted && !isDookiError(error) ? abortError(signal) : error;
  } finally {
    demand.ended = true;
    controller.abort(); // cancels read-ahead that will not be used
    options.signal?.removeEventListener('abort', onOuterAbort);
    tracker.finish(maxItems !== undefined && emitted >= maxItems ? 'max-items' : 'cancelled');
  }
}
