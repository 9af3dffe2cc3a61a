import { emptySummary, type ScanSummary } from './scan-summary.js';
import type { Page, PageScan } from './page-loop.js';

/**
 * An `AsyncIterable` over a scan, with its live {@link ScanSummary} (final once the loop
 * ends). Each `for await` starts a fresh scan; `summary` follows the latest one.
 */
export interface ScanIterable<T> extends AsyncIterable<T> {
  readonly summary: ScanSummary;
}

/** A pull iterator whose `return()` aborts the in-flight request before closing the loop. */
export type CancellableIterator<T> = AsyncIterableIterator<T> & {
  return(value?: unknown): Promise<IteratorResult<T>>;
};

/** Opens the pull view of a scan: pages flattened through `select` (pages or items). */
export function iterateScan<P, T>(
  scan: PageScan<P>,
  select: (page: Page<P>) => Iterable<T>,
): CancellableIterator<T> {
  async function* flatten(): AsyncGenerator<T, void, undefined> {
    for await (const page of scan.pages) yield* select(page);
  }
  const inner = flatten();
  const iterator: CancellableIterator<T> = {
    next: () => inner.next(),
    return: (value?: unknown) => {
      scan.abort();
      return inner.return(value as undefined);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** Builds the {@link ScanIterable} of a list: every iteration opens a new scan. */
export function scanIterable<P, T>(
  open: () => PageScan<P>,
  select: (page: Page<P>) => Iterable<T>,
): ScanIterable<T> {
  let current: PageScan<P> | undefined;
  return {
    get summary(): ScanSummary {
      return current?.summary ?? emptySummary();
    },
    [Symbol.asyncIterator]: () => {
      current = open();
      return iterateScan(current, select);
    },
  };
}
