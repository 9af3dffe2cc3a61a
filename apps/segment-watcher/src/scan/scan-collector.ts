import {
  binarySearch,
  IdList,
  type MemberSnapshot,
  type ScanObservation,
} from '@clusterstream/core/membership';
import { type StagedMember } from '../state/types.js';
import { contentHash, pickPayload } from './customer-fields.js';

/** What the collector needs to know about one page. */
export interface CollectedPage {
  items: readonly { id: number }[];
  /** Items the server said it put on the page (before any duplicate was dropped). */
  count: number;
  perPage: number;
}

export interface CollectorOptions {
  /** The stored snapshot: members already known with an unchanged hash are not staged. */
  previous: MemberSnapshot;
  payloadFields: readonly string[];
  hashFields: readonly string[];
  /**
   * Receives new or changed members in batches, so payloads never pile up in memory. May return
   * a promise: the scan then pulls no further page until it settles (backpressure).
   */
  stage: (rows: StagedMember[]) => void | PromiseLike<void>;
  /** Rows per `stage` call. Default 5000. */
  stageBatch?: number;
}

/**
 * Accumulates one scan page by page into typed arrays: ids, content hashes and the id seams between pages (where page drift can hide a member).
 */
export class ScanCollector {
  private readonly ids = new IdList(1024);
  private hashes = new Int32Array(1024);
  private readonly seams = new IdList();
  private staged: StagedMember[] = [];
  private lastId: number | null = null;
  private lastPageShort = true;
  pages = 0;
  /** Time spent hashing, collecting and staging, in ms (the watcher's share of a scan). */
  busyMs = 0;

  constructor(private readonly options: CollectorOptions) {}

  /** Collects a page; stages a batch when one is full and returns its promise, if any. */
  add(page: CollectedPage): void | PromiseLike<void> {
    const started = performance.now();
    this.pages++;
    const { previous, payloadFields, hashFields } = this.options;
    const first = page.items[0];
    if (first !== undefined && this.lastId !== null) {
      this.seams.push(this.lastId);
      this.seams.push(first.id);
    }
    for (const customer of page.items) {
      const hash = contentHash(customer, hashFields);
      const known = binarySearch(previous.ids, customer.id);
      if (known < 0 || previous.hashes[known] !== hash) {
        const payload = JSON.stringify(pickPayload(customer, payloadFields));
        this.staged.push({ customerId: customer.id, hash, payload });
      }
      if (this.ids.length === this.hashes.length) {
        const grown = new Int32Array(this.hashes.length * 2);
        grown.set(this.hashes);
        this.hashes = grown;
      }
      this.hashes[this.ids.length] = hash;
      this.ids.push(customer.id);
      this.lastId = customer.id;
    }
    if (page.count > 0) this.lastPageShort = page.count < page.perPage;
    this.busyMs += performance.now() - started;
    if (this.staged.length >= (this.options.stageBatch ?? 5_000)) return this.flush();
  }

  /** Sends any staged rows still buffered; returns the stage's promise, if it gave one. */
  flush(): void | PromiseLike<void> {
    if (this.staged.length === 0) return;
    const rows = this.staged;
    this.staged = [];
    const started = performance.now();
    const staging = this.options.stage(rows);
    const done = (): void => {
      this.busyMs += performance.now() - started;
    };
    if (isPromiseLike(staging)) return staging.then(done);
    done();
  }

  /**
   * The scan as the diff wants it: ascending unique ids with their hashes. `stable` is decided by
   * the caller from the scan summary; seams always include the tail after a full last page.
   */
  observation(stable: boolean): ScanObservation {
    const count = this.ids.length;
    // Views, not copies: a 1M-member scan would otherwise hold its ids twice.
    const rawIds = this.ids.view();
    let ids = rawIds;
    let hashes = this.hashes.subarray(0, count);
    if (!isStrictlyAscending(rawIds)) {
      const order = Array.from({ length: count }, (_, i) => i).sort(
        (a, b) => rawIds[a]! - rawIds[b]!,
      );
      const unique = new IdList(count);
      const uniqueHashes = new Int32Array(count);
      let previousId = NaN;
      for (const index of order) {
        const id = rawIds[index]!;
        if (id === previousId) continue;
        uniqueHashes[unique.length] = this.hashes[index]!;
        unique.push(id);
        previousId = id;
      }
      ids = unique.toArray();
      hashes = uniqueHashes.slice(0, ids.length);
    }
    const seams = this.seams.toArray();
    const tail = this.lastPageShort || this.lastId === null ? [] : [this.lastId, Infinity];
    return { ids, hashes, stable, seams: Float64Array.from([...seams, ...tail]) };
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<void> {
  return typeof (value as PromiseLike<void> | undefined)?.then === 'function';
}

function isStrictlyAscending(ids: Float64Array): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i]! <= ids[i - 1]!) return false;
  return true;
}
