import type { Page, ScanSummary } from '@clusterstream/core';
import { lastValueFrom, tap, type Observable } from 'rxjs';

/**
 * Reads one of core's page Observables (`clusterCustomerPages`, `clusterPages`) to its end,
 * handing each page to `onPage` as it arrives, and resolves with the scan's final summary
 * (`page.scan` of the last page: the loop has closed by the time the stream completes), for
 * `judgeScan`. `onPage` is synchronous work, so core's pump pulls the next page only after it
 * returned: backpressure without `pullConcatMap`, and at most `prefetch` pages in memory.
 * Rejects with the scan's error; the scan is cancelled (not drained) when `onPage` throws.
 *
 * @example
 * const summary = await readScan(client.clusterCustomerPages(7), (page) => save(page.items));
 * const verdict = judgeScan(summary);
 */
export async function readScan<T>(
  pages: Observable<Page<T>>,
  onPage: (page: Page<T>) => void,
): Promise<Readonly<ScanSummary>> {
  const last = await lastValueFrom(pages.pipe(tap(onPage)), { defaultValue: undefined });
  // Core emits at least one page (an empty cluster is one empty page) unless asked for 0 items,
  // which the nodes never do.
  if (last === undefined) throw new Error('The scan ended without reading a page');
  return last.scan;
}
