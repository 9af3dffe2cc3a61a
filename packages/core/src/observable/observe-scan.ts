import { Observable } from 'rxjs';
import type { Page, PageScan } from '../pagination/page-loop.js';
import { iterateScan, type CancellableIterator } from '../pagination/scan-iterable.js';

/** Where a core Observable keeps its hidden pull handle (see {@link pullConcatMap}). */
export const PULL_HANDLE = Symbol.for('@clusterstream/core/pull-handle');

/** An Observable made by this package: it can also be pulled value by value. */
export type PullableObservable<T> = Observable<T> & {
  readonly [PULL_HANDLE]?: () => CancellableIterator<T>;
};

/**
 * Derives an Observable from the pull loop with a consumer-driven pump: a page is pulled
 * only after every value of the previous one went through `subscriber.next()`, so a
 * synchronous consumer throttles the fetching. Unsubscribing (or `take(n)`) aborts the
 * in-flight request and the limiter waits, and closes the loop; nothing is left behind.
 * (RxJS's `from(asyncIterable)` would pull eagerly, so it is not used.)
 */
export function observeScan<P, T>(
  open: () => PageScan<P>,
  select: (page: Page<P>) => readonly T[],
): PullableObservable<T> {
  const observable = new Observable<T>((subscriber) => {
    const scan = open();
    const pump = async (): Promise<void> => {
      for (;;) {
        const result = await scan.pages.next();
        if (subscriber.closed) return;
        if (result.done === true) {
          subscriber.complete();
          return;
        }
        for (const value of select(result.value)) {
          subscriber.next(value);
          if (subscriber.closed) return;
        }
      }
    };
    pump().catch((error: unknown) => {
      if (!subscriber.closed) subscriber.error(error);
    });
    return () => {
      scan.abort();
      scan.pages.return(undefined).catch(() => undefined);
    };
  });
  const pullable: PullableObservable<T> = Object.defineProperty(observable, PULL_HANDLE, {
    value: () => iterateScan(open(), select),
  });
  return pullable;
}
