import Database from 'better-sqlite3';
import { type MemberSnapshot } from '@clusterstream/core/membership';
import { StateFileError, StateVersionError } from '../errors.js';
import { createPrivateFile, tightenFile, type TightenedFile } from '../private-file.js';
import { type ClusterRow, type StagedMember } from '../types.js';
import { migrate } from './migrations.js';
import { asSqliteWriteError } from './write-error.js';

export interface OpenStateOptions {
  /** Called for each existing file (state, `-wal`, `-shm`) whose wider mode was narrowed to 0600. */
  onTightened?: (file: TightenedFile) => void;
}

/**
 * The watcher's SQLite state: snapshots, scan history, staging and the outbox. One file holds
 * any number of clusters. WAL mode lets `status` read while a daemon writes.
 *
 * The file holds personal data: it is created 0600, and an existing one (with its `-wal` and
 * `-shm`) that others may read is narrowed to 0600 before it is opened. SQLite creates `-wal`
 * and `-shm` with the database file's mode.
 *
 * @example
 * const state = openState('./dooki-watch.db');
 * const cluster = state.cluster('demo-store', 1);
 */
export class StateStore {
  readonly db: Database.Database;
  private readonly stageInsert: Database.Statement;

  constructor(
    readonly path: string,
    options: OpenStateOptions = {},
  ) {
    try {
      if (path !== ':memory:' && path !== '') keepPrivate(path, options);
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode survives process crashes (kill -9); only an OS crash may lose the tail.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      migrate(this.db);
    } catch (error) {
      if (error instanceof StateVersionError) throw error;
      throw (
        asSqliteWriteError(path, error) ??
        new StateFileError(`cannot use the state file ${path}: ${(error as Error).message}`, {
          cause: error,
        })
      );
    }
    this.stageInsert = this.db.prepare(
      'INSERT OR REPLACE INTO staged (cluster_key, customer_id, hash, payload) VALUES (?, ?, ?, ?)',
    );
  }

  /** Returns the cluster row, creating it (no baseline yet) on first sight. */
  cluster(alias: string, clusterId: number): ClusterRow {
    this.db
      .prepare('INSERT OR IGNORE INTO clusters (alias, cluster_id) VALUES (?, ?)')
      .run(alias, clusterId);
    return this.toCluster(
      this.db
        .prepare('SELECT * FROM clusters WHERE alias = ? AND cluster_id = ?')
        .get(alias, clusterId) as Record<string, number | string | null>,
    );
  }

  /** Every cluster in the file, ordered by alias and id. */
  clusters(): ClusterRow[] {
    const rows = this.db.prepare('SELECT * FROM clusters ORDER BY alias, cluster_id').all();
    return (rows as Record<string, number | string | null>[]).map((row) => this.toCluster(row));
  }

  /** Loads the member snapshot into typed arrays (ascending ids). */
  loadSnapshot(clusterKey: number): MemberSnapshot {
    const { n } = this.db
      .prepare('SELECT count(*) AS n FROM members WHERE cluster_key = ?')
      .get(clusterKey) as { n: number };
    const ids = new Float64Array(n);
    const missing = new Uint16Array(n);
    const hashes = new Int32Array(n);
    const rows = this.db
      .prepare(
        'SELECT customer_id, missing_scans, hash FROM members WHERE cluster_key = ? ORDER BY customer_id',
      )
      .raw()
      .iterate(clusterKey) as IterableIterator<[number, number, number]>;
    let index = 0;
    for (const [id, missed, hash] of rows) {
      ids[index] = id;
      missing[index] = missed;
      hashes[index] = hash;
      index++;
    }
    return { ids, missing, hashes };
  }

  /** Forgets anything staged by an earlier scan that never committed (crash, failure). */
  clearStaged(clusterKey: number): void {
    this.db.prepare('DELETE FROM staged WHERE cluster_key = ?').run(clusterKey);
  }

  /** Stages rows of the running scan in one small transaction. */
  stage(clusterKey: number, rows: readonly StagedMember[]): void {
    this.db.transaction(() => {
      for (const row of rows)
        this.stageInsert.run(clusterKey, row.customerId, row.hash, row.payload);
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private toCluster(row: Record<string, number | string | null>): ClusterRow {
    return {
      clusterKey: row.cluster_key as number,
      alias: row.alias as string,
      clusterId: row.cluster_id as number,
      lastScan: row.last_scan as number,
      baselineScan: row.baseline_scan as number | null,
      memberCount: row.member_count as number,
      hashFields: row.hash_fields as string | null,
    };
  }
}

/** Opens (creating and migrating if needed) a state file; `':memory:'` for throwaway state. */
export function openState(path: string, options?: OpenStateOptions): StateStore {
  return new StateStore(path, options);
}

/** Creates the state file 0600, or narrows it and its `-wal`/`-shm` to 0600, before SQLite opens them. */
function keepPrivate(path: string, options: OpenStateOptions): void {
  try {
    createPrivateFile(path);
  } catch (error) {
    // A missing directory: SQLite's own message says so.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    const tightened = tightenFile(file);
    if (tightened) options.onTightened?.(tightened);
  }
}
