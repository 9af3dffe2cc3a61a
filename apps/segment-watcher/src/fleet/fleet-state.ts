import type pg from 'pg';
import { migrateFleetTables } from './fleet-tables.js';

const TABLES = [
  `create table if not exists dooki_watch_fleet.quarantine (
     alias text primary key,
     reason text not null,
     since timestamptz not null default now()
   )`,
  `create table if not exists dooki_watch_fleet.budgets (
     alias text primary key,
     remaining integer not null,
     observed_at timestamptz not null
   )`,
];

/** One store's API budget as last seen by any worker (`X-RateLimit-Remaining` and when). */
export interface BudgetReading {
  remaining: number;
  observedAt: Date;
}

/**
 * What the fleet shares besides the watcher's state: which stores are quarantined (401/403)
 * and each store's last API budget reading, so the next worker to scan a store knows what the
 * previous one left.
 */
export class FleetState {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(pool: pg.Pool): Promise<FleetState> {
    await migrateFleetTables(pool, TABLES);
    return new FleetState(pool);
  }

  async quarantined(alias: string): Promise<{ reason: string; since: Date } | null> {
    const { rows } = await this.pool.query<{ reason: string; since: Date }>(
      'select reason, since from dooki_watch_fleet.quarantine where alias = $1',
      [alias],
    );
    return rows[0] ?? null;
  }

  async quarantine(alias: string, reason: string): Promise<void> {
    await this.pool.query(
      `insert into dooki_watch_fleet.quarantine (alias, reason) values ($1, $2)
       on conflict (alias) do update set reason = $2`,
      [alias, reason],
    );
  }

  async release(alias: string): Promise<void> {
    await this.pool.query('delete from dooki_watch_fleet.quarantine where alias = $1', [alias]);
  }

  /** Every quarantined store, for `status` and the metrics. */
  async allQuarantined(): Promise<{ alias: string; reason: string; since: Date }[]> {
    const { rows } = await this.pool.query<{ alias: string; reason: string; since: Date }>(
      'select alias, reason, since from dooki_watch_fleet.quarantine order by alias',
    );
    return rows;
  }

  async budget(alias: string): Promise<BudgetReading | null> {
    const { rows } = await this.pool.query<{ remaining: number; observed_at: Date }>(
      'select remaining, observed_at from dooki_watch_fleet.budgets where alias = $1',
      [alias],
    );
    const row = rows[0];
    return row === undefined ? null : { remaining: row.remaining, observedAt: row.observed_at };
  }

  async recordBudget(alias: string, reading: BudgetReading): Promise<void> {
    await this.pool.query(
      `insert into dooki_watch_fleet.budgets (alias, remaining, observed_at) values ($1, $2, $3)
       on conflict (alias) do update set remaining = $2, observed_at = $3`,
      [alias, reading.remaining, reading.observedAt],
    );
  }

  /** Undelivered events per store and the age of the oldest, for `/metrics`. */
  async outboxFigures(): Promise<{ store: string; depth: number; oldestAgeSeconds: number }[]> {
    const { rows } = await this.pool.query<{ alias: string; depth: number; oldest: number }>(
      `select c.alias, count(*)::int as depth,
              extract(epoch from now() - min(o.detected_at))::float8 as oldest
         from dooki_watch.outbox o join dooki_watch.clusters c using (cluster_key)
        where o.delivered_at is null group by c.alias`,
    );
    return rows.map((row) => ({
      store: row.alias,
      depth: row.depth,
      oldestAgeSeconds: row.oldest,
    }));
  }
}
