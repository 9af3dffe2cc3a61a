import {
  from,
  Observable,
  type ObservableInput,
  type OperatorFunction,
  type Subscription,
} from 'rxjs';
import { PULL_HANDLE, type PullableObservable } from './observe-scan.js';

/**
 * `concatMap` with real backpressure for asynchronous consumers. Applied directly to an
 * Observable returned by the client, it pulls the next customer (or page) only after the
 * previous projection has completed, so slow async work (writes, API calls) slows the
 * fetching instead of filling a buffer. Applied to any other Observable (including a core
 * Observable with an operator in between) it throws at once: silently falling back to push
 * would lose the backpressure it promises. Map inside `project` instead.
 *
 * A plain `subscribe` (or `mergeMap`/`concatMap`) with async side effects is push: the
 * scan runs at network speed and values pile up. Use this operator, or the iterables.
 *
 * ## Example
 * ```ts
 * client.clusterCustomers(7, { prefetch: 1 }).pipe(
 *   pullConcatMap((customer) => saveToCrm(customer)), // a Promise
 * ).subscribe({ complete: () => console.log('done') });
 * ```
 *
 * @param project maps a value to an `ObservableInput` (Promise, Observable, array…).
 * @returns an operator emitting the projections' values in order.
 */
export function pullConcatMap<T, R>(
  project: (value: T, index: number) => ObservableInput<R>,
): OperatorFunction<T, R> {
  return (source) => {
    const open = (source as PullableObservable<T>)[PULL_HANDLE];
    if (open === undefined) {
      throw new TypeError(
        'pullConcatMap must be applied directly to an Observable from a @clusterstream/core client ' +
          '(e.g. client.clusterCustomerPages(id).pipe(pullConcatMap(write))): with an operator in ' +
          'between it could not pull, and backpressure would be lost. Do that work inside the projection.',
      );
    }
    return new Observable<R>((subscriber) => {
      const iterator = open();
      let inner: Subscription | undefined;
      let index = 0;
      // A failed projection closes the scan first (read-ahead aborted, summary final) and only
      // then reports: when the consumer hears of the error, nothing of the scan is running.
      const failAfterClosing = (error: unknown): void => {
        iterator.return().then(
          () => subscriber.error(error),
          () => subscriber.error(error),
        );
      };
      const pullNext = (): void => {
        iterator.next().then(
          (result) => {
            if (subscriber.closed) return;
            if (result.done === true) {
              subscriber.complete();
              return;
            }
            let projected: ObservableInput<R>;
            try {
              projected = project(result.value, index++);
            } catch (error) {
              failAfterClosing(error);
              return;
            }
            inner = from(projected).subscribe({
              next: (value) => subscriber.next(value),
              error: failAfterClosing,
              complete: pullNext,
            });
          },
          (error: unknown) => {
            if (!subscriber.closed) subscriber.error(error);
          },
        );
      };
      pullNext();
      return () => {
        inner?.unsubscribe();
        iterator.return().catch(() => undefined);
      };
    });
  };
}
