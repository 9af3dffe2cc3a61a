import { type TruthRules } from './rules.js';
import { absenceCounter, countAbsent } from './absences.js';
import { IdList } from './sorted-ids.js';

/**
 * The stored membership of one cluster. Parallel typed arrays keep a 1M-member snapshot at
 * about 14 MB instead of a million JS objects. `dooki-watch` stores it as its SQLite `members`
 * rows (id, missing count, hash): changing this shape means a state-file migration.
 */
export interface MemberSnapshot {
  /** Customer ids, ascending and unique. */
  readonly ids: Float64Array;
  /** Consecutive complete scans each member has been absent from (0 = seen last time). */
  readonly missing: Uint16Array;
  /** Content hash of each member's chosen fields. */
  readonly hashes: Int32Array;
}

/** What one complete scan saw. */
export interface ScanObservation {
  /** Customer ids, ascending and unique. */
  readonly ids: Float64Array;
  /** Content hash per id, parallel to `ids`. */
  readonly hashes: Int32Array;
  /**
   * False when membership moved while the scan ran (totals changed between pages, or duplicates
   * were dropped): absences from such a scan are not counted, only sightings are.
   */
  readonly stable: boolean;
  /**
   * Flattened `(lo, hi)` id intervals between two pages (and after a full last page). A page is
   * one consistent answer, so an id missing *inside* a page's id range was truly not a member;
   * an id missing in a seam may have been skipped by drift, so it only counts in a stable scan.
   */
  readonly seams: Float64Array;
}

export type BreakerReason = 'mass-leave' | 'empty-scan';

/** The outcome of comparing a snapshot with a scan; every id list is ascending. */
export interface MembershipDiff {
  readonly joins: Float64Array;
  /** Confirmed leaves that are emitted now. */
  readonly leaves: Float64Array;
  /** Confirmed leaves the breaker holds back; they stay in the snapshot. */
  readonly held: Float64Array;
  /** Absent members not yet confirmed (missing count after this scan is 1..confirmScans-1). */
  readonly pending: Float64Array;
  /** Present members whose content hash changed (the `customer.updated` candidates). */
  readonly hashChanged: Float64Array;
  /** Members whose missing count changed, for a minimal state update. */
  readonly missingChanged: Float64Array;
  readonly breaker: { tripped: boolean; reason: BreakerReason | null; absent: number };
  readonly next: MemberSnapshot;
}

export const EMPTY_SNAPSHOT: MemberSnapshot = {
  ids: new Float64Array(0),
  missing: new Uint16Array(0),
  hashes: new Int32Array(0),
};

/**
 * Compares the stored snapshot with a complete scan and applies the truth rules: joins need one
 * sighting, leaves need `confirmScans` consecutive absences, and a mass change is held by the
 * breaker. Pure and O(n + m) over two sorted arrays.
 *
 * @example
 * const diff = diffMembership(snapshot, { ids, hashes, stable: true }, resolveTruthRules());
 * diff.joins; // ids to announce as customer.joined
 */
export function diffMembership(
  prev: MemberSnapshot,
  scan: ScanObservation,
  rules: TruthRules,
): MembershipDiff {
  const counts = absenceCounter(scan);
  const { all: allAbsent, counted: absent } = countAbsent(prev.ids, scan.ids, counts);
  const prevSize = prev.ids.length;
  let reason: BreakerReason | null = null;
  if (prevSize > 0) {
    if (scan.ids.length === 0) reason = 'empty-scan';
    else if (absent / prevSize > rules.maxLeaveFraction) reason = 'mass-leave';
  }
  const releaseAt = rules.confirmScans + rules.breakerConfirmScans;
  // The next snapshot holds every scanned id plus at most the absent members: no bigger buffer.
  const out = new DiffBuilder(scan.ids.length + allAbsent);
  let i = 0;
  let j = 0;
  while (i < prevSize || j < scan.ids.length) {
    const a = i < prevSize ? prev.ids[i]! : Infinity;
    const b = j < scan.ids.length ? scan.ids[j]! : Infinity;
    if (a === b) {
      const hash = scan.hashes[j]!;
      if (hash !== prev.hashes[i]) out.hashChanged.push(a);
      if (prev.missing[i] !== 0) out.missingChanged.push(a);
      out.keep(a, 0, hash);
      i++;
      j++;
    } else if (b < a) {
      out.joins.push(b);
      out.keep(b, 0, scan.hashes[j]!);
      j++;
    } else {
      const before = prev.missing[i]!;
      const counted = counts(a);
      const missing = counted ? Math.min(before + 1, 0xffff) : before;
      if (missing !== before) out.missingChanged.push(a);
      const confirmed = counted && missing >= rules.confirmScans;
      const released = rules.acceptMassChange || reason === null || missing >= releaseAt;
      if (confirmed && released) {
        out.leaves.push(a);
      } else {
        if (missing >= rules.confirmScans) out.held.push(a);
        else out.pending.push(a);
        out.keep(a, missing, prev.hashes[i]!);
      }
      i++;
    }
  }
  return out.build({ tripped: reason !== null, reason, absent });
}

class DiffBuilder {
  readonly joins = new IdList();
  readonly leaves = new IdList();
  readonly held = new IdList();
  readonly pending = new IdList();
  readonly hashChanged = new IdList();
  readonly missingChanged = new IdList();
  private readonly ids: Float64Array;
  private readonly missing: Uint16Array;
  private readonly hashes: Int32Array;
  private size = 0;

  constructor(capacity: number) {
    this.ids = new Float64Array(capacity);
    this.missing = new Uint16Array(capacity);
    this.hashes = new Int32Array(capacity);
  }

  keep(id: number, missing: number, hash: number): void {
    this.ids[this.size] = id;
    this.missing[this.size] = missing;
    this.hashes[this.size] = hash;
    this.size++;
  }

  build(breaker: MembershipDiff['breaker']): MembershipDiff {
    return {
      joins: this.joins.toArray(),
      leaves: this.leaves.toArray(),
      held: this.held.toArray(),
      pending: this.pending.toArray(),
      hashChanged: this.hashChanged.toArray(),
      missingChanged: this.missingChanged.toArray(),
      breaker,
      next: {
        ids: this.ids.subarray(0, this.size),
        missing: this.missing.subarray(0, this.size),
        hashes: this.hashes.subarray(0, this.size),
      },
    };
  }
}
