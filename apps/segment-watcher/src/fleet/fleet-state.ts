import type pg from 'pg';

/** One store's API budget as last seen by any worker (`X-RateLimit-Remaining` and when). */
export interface BudgetReading {
  remaining: number;
  observedAt: Date;
}

/**
 * What the fleet shares besides the watcher's state, in the same schema and migration track
 * (`fleet_*` tables): which stores are quarantined (401/403), each store's last API budget
 * reading (so the next worker to scan a store knows what the previous one left), and which
 * processes are alive. One statement per method.
 */
export class FleetState {
  constructor(private readonly pool: pg.Pool) {}

  async quarantined(alias: string): Promise<{ reason: string; since: Date } | null> {
    const { rows } = await this.pool.query<{ reason: string; since: Date }>(
      'SELECT reason, since FROM fleet_quarantine WHERE alias = $1',
      [alias],
    );
    return rows[0] ?? null;
  }

  async quarantine(alias: string, reason: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO fleet_quarantine (alias, reason) VALUES ($1, $2)
       ON CONFLICT (alias) DO UPDATE SET reason = $2`,
      [alias, reason],
    );
  }

  /** Lifts a quarantine; true when there was one. */
  async release(alias: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM fleet_quarantine WHERE alias = $1', [
      alias,
    ]);
    return (rowCount ?? 0) > 0;
  }

  /** Every quarantined store, for `status` and the metrics. */
  async allQuarantined(): Promise<{ alias: string; reason: string; since: Date }[]> {
    const { rows } = await this.pool.query<{ alias: string; reason: string; since: Date }>(
      'SELECT alias, reason, since FROM fleet_quarantine ORDER BY alias',
    );
    return rows;
  }

  async budget(alias: string): Promise<BudgetReading | null> {
    const { rows } = await this.pool.query<{ remaining: number; observed_at: Date }>(
      'SELECT remaining, observed_at FROM fleet_budgets WHERE alias = $1',
      [alias],
    );
    const row = rows[0];
    return row === undefined ? null : { remaining: row.remaining, observedAt: row.observed_at };
  }

  async recordBudget(alias: string, reading: BudgetReading): Promise<void> {
    await this.pool.query(
      `INSERT INTO fleet_budgets (alias, remaining, observed_at) VALUES ($1, $2, $3)
       ON CONFLICT (alias) DO UPDATE SET remaining = $2, observed_at = $3`,
      [alias, reading.remaining, reading.observedAt],
    );
  }

  /** Says this process is alive, with the worker ids its job locks carry. */
  async heartbeat(process: { id: string; host: string; pid: number; workerIds: string[] }) {
    await this.pool.query(
      `INSERT INTO fleet_processes (process_id, host, pid, worker_ids) VALUES ($1, $2, $3, $4)
       ON CONFLICT (process_id) DO UPDATE SET worker_ids = $4, heartbeat_at = now()`,
      [process.id, process.host, process.pid, process.workerIds],
    );
  }

  /** Removes (and returns) the processes silent for longer than `silentMs`. */
  async takeSilent(silentMs: number): Promise<{ process_id: string; worker_ids: string[] }[]> {
    const { rows } = await this.pool.query<{ process_id: string; worker_ids: string[] }>(
      `DELETE FROM fleet_processes
        WHERE heartbeat_at < now() - make_interval(secs => $1::double precision / 1000)
        RETURNING process_id, worker_ids`,
      [silentMs],
    );
    return rows;
  }

  async leave(processId: string): Promise<void> {
    await this.pool.query('DELETE FROM fleet_processes WHERE process_id = $1', [processId]);
  }

  /** Undelivered events per store and the age of the oldest, for `/metrics`. */
  async outboxFigures(): Promise<{ store: string; depth: number; oldestAgeSeconds: number }[]> {
    const { rows } = await this.pool.query<{ alias: string; depth: number; oldest: number }>(
      `SELECT c.alias, count(*)::int AS depth,
              extract(epoch FROM now() - min(o.detected_at))::float8 AS oldest
         FROM outbox o JOIN clusters c USING (cluster_key)
        WHERE o.delivered_at IS NULL GROUP BY c.alias`,
    );
    return rows.map((row) => ({
      store: row.alias,
      depth: row.depth,
      oldestAgeSeconds: row.oldest,
    }));
  }
}
