import {
  countByType,
  payloadIds,
  planCommit,
  planIncompleteScan,
  type ClusterUpdate,
  type CommitInput,
  type CommitPlan,
  type CommitResult,
  type LockedCluster,
  type PlannedEvent,
  type ScanRecord,
  type ScanRow,
} from './commit-plan.js';
import { type ClusterRow } from './types.js';

/**
 * The statements a backend runs inside its commit transaction, one small function each, all of
 * one cluster. SQLite answers synchronously (better-sqlite3 transactions cannot await), Postgres
 * with promises; {@link runSteps} and {@link runStepsAsync} drive the same order for both.
 */
export interface CommitStatements {
  /** Reads (Postgres: and locks) the cluster row. */
  lockCluster(): LockedCluster | Promise<LockedCluster>;
  readPayloads(
    table: 'staged' | 'members',
    customerIds: readonly number[],
  ): Map<number, string> | Promise<Map<number, string>>;
  /** Inserts in plan order, skipping ids already there; returns the types of the rows written. */
  insertEvents(scanNo: number, events: readonly PlannedEvent[]): string[] | Promise<string[]>;
  deleteMembers(customerIds: readonly number[]): void | Promise<void>;
  upsertMembersFromStaging(): void | Promise<void>;
  setMissingScans(update: CommitPlan['missingScans']): void | Promise<void>;
  insertScanRow(row: ScanRow): void | Promise<void>;
  updateCluster(update: ClusterUpdate): void | Promise<void>;
  /** Only `last_scan`: an incomplete scan changes nothing else. */
  setLastScan(scanNo: number): void | Promise<void>;
  clearStaging(): void | Promise<void>;
}

/** One statement call; the program is resumed with its result. */
interface Step {
  run(statements: CommitStatements): unknown;
}

type Program<T> = Generator<Step, T, unknown>;

function* call<T>(run: (statements: CommitStatements) => T | Promise<T>): Program<T> {
  return (yield { run }) as T;
}

/**
 * A scan's commit: read what the plan needs, plan it, write it. The transaction around it is
 * the backend's.
 */
export function* commitSteps(input: CommitInput): Program<CommitResult> {
  const locked = yield* call((s) => s.lockCluster());
  const wanted = payloadIds(input, locked);
  const payloads = {
    staged: yield* call((s) => s.readPayloads('staged', wanted.staged)),
    members: yield* call((s) => s.readPayloads('members', wanted.members)),
  };
  const plan = planCommit(input, locked, payloads);
  const written = yield* call((s) => s.insertEvents(plan.scanNo, plan.events));
  yield* call((s) => s.deleteMembers(plan.deletions));
  // The missing counts after the upsert, which resets them to 0 on the rows it writes.
  yield* call((s) => s.upsertMembersFromStaging());
  yield* call((s) => s.setMissingScans(plan.missingScans));
  yield* call((s) => s.insertScanRow(plan.scanRow));
  yield* call((s) => s.updateCluster(plan.cluster));
  yield* call((s) => s.clearStaging());
  const emitted = countByType(written);
  return { scanNo: plan.scanNo, outcome: plan.outcome, events: written.length, emitted };
}

/** An incomplete scan's record: it only consumes a scan number. Returns that number. */
export function* incompleteScanSteps(cluster: ClusterRow, record: ScanRecord): Program<number> {
  const plan = planIncompleteScan(cluster, record, yield* call((s) => s.lockCluster()));
  yield* call((s) => s.insertScanRow(plan.scanRow));
  yield* call((s) => s.setLastScan(plan.scanNo));
  yield* call((s) => s.clearStaging());
  return plan.scanNo;
}

/** Runs a program on statements that answer synchronously (inside a SQLite transaction). */
export function runSteps<T>(program: Program<T>, statements: CommitStatements): T {
  let next = program.next();
  while (!next.done) {
    const result = next.value.run(statements);
    if (result instanceof Promise) throw new TypeError('runSteps needs synchronous statements');
    next = program.next(result);
  }
  return next.value;
}

/** Runs a program on statements that answer with promises (on one Postgres connection). */
export async function runStepsAsync<T>(
  program: Program<T>,
  statements: CommitStatements,
): Promise<T> {
  let next = program.next();
  while (!next.done) next = program.next(await next.value.run(statements));
  return next.value;
}
