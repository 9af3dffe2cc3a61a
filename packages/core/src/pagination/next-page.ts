import { DookiLoopError } from '../errors/error-tree.js';
import type { DookiErrorDetails } from '../errors/dooki-error.js';
import type { PaginationMeta } from '../parse/parse-meta.js';

/** Why a scan stopped on evidence. */
export type EndEvidence = 'last-page' | 'empty-page';

/** What to do after a page: fetch `next`, or stop because of `endedBy`. */
export type PageDecision = { done: false; next: number } | { done: true; endedBy: EndEvidence };

/**
 * The one stopping rule of every list: stop on an empty `data` or on
 * `current_page >= total_pages`, otherwise ask for `page + 1`. A short page alone is
 * never evidence of the end (APIs silently clamp page sizes).
 *
 * @example
 * ```ts
 * nextPage({ ...meta, currentPage: 2, totalPages: 3 }, 2, 100); // → { done: false, next: 3 }
 * nextPage({ ...meta, currentPage: 3, totalPages: 3 }, 3, 7);   // → { done: true, endedBy: 'last-page' }
 * ```
 */
export function nextPage(meta: PaginationMeta, page: number, itemsCount: number): PageDecision {
  if (itemsCount === 0) return { done: true, endedBy: 'empty-page' };
  if (meta.currentPage >= meta.totalPages) return { done: true, endedBy: 'last-page' };
  return { done: false, next: page + 1 };
}

/** How far past `total_pages` a non-empty page may be before the loop is declared runaway. */
export const PAGES_BEYOND_TOTAL = 2;

/** Non-empty pages in a row that bring no id not seen before in the scan. */
export const STALE_PAGES_LIMIT = 3;

/** Pages a scan may read, from the first page's `total_pages`: room for churn, never endless. */
export const pageBudget = (firstTotalPages: number): number => 2 * firstTotalPages + 10;

/**
 * Ends a scan whose pagination does not advance, whatever the server claims: it served a page
 * number it had already served, keeps serving data far beyond `total_pages`, echoes `page`
 * back while serving ids already seen, or keeps raising `total_pages` past a budget derived
 * from the first page's.
 */
export class PageGuard {
  private lastServed = 0;
  private firstTotalPages: number | undefined;
  private pages = 0;
  private stale = 0;

  /** `newIds`: how many of the page's items the scan had not seen yet (default: all). */
  check(
    requested: number,
    meta: PaginationMeta,
    itemsCount: number,
    context: DookiErrorDetails,
    newIds = itemsCount,
  ): void {
    if (meta.currentPage <= this.lastServed) {
      throw new DookiLoopError(
        `Pagination is not advancing: asked for page ${requested}, the API served page ${meta.currentPage} again`,
        context,
      );
    }
    this.lastServed = meta.currentPage;
    if (itemsCount > 0 && requested > meta.totalPages + PAGES_BEYOND_TOTAL) {
      throw new DookiLoopError(
        `Pagination ran away: page ${requested} still has data although total_pages is ${meta.totalPages}`,
        context,
      );
    }
    this.firstTotalPages ??= meta.totalPages;
    this.pages += 1;
    this.stale = itemsCount > 0 && newIds === 0 ? this.stale + 1 : 0;
    if (this.stale >= STALE_PAGES_LIMIT) {
      throw new DookiLoopError(
        `Pagination is not advancing: ${this.stale} pages in a row brought no customer not already seen (the API may be ignoring "page")`,
        context,
      );
    }
    if (this.pages > pageBudget(this.firstTotalPages)) {
      throw new DookiLoopError(
        `Pagination ran away: read ${this.pages} pages although the first page announced total_pages ${this.firstTotalPages} (now ${meta.totalPages})`,
        context,
      );
    }
  }
}
