import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../helpers/postgres.js';
import {
  allArrived,
  churnAll,
  countExpected,
  deliveryProblems,
  queryRows,
  readEvents,
  startFleetApi,
  startWorker,
  tempDir,
  trackCleanups,
  waitFor,
  waitForBaselines,
  writeFleetFile,
  type FleetWorker,
} from '../helpers/fleet.js';

const cleanups = trackCleanups();

/**
 * Terminates every connection of the fleet's processes, as a failover does; returns how many
 * were inside an open transaction at that moment.
 */
async function terminateFleetConnections(
  databaseUrl: string,
): Promise<{ all: number; inTransaction: number }> {
  const rows = await queryRows<{ in_transaction: boolean }>(
    databaseUrl,
    // A statement of a longer transaction (BEGIN … COMMIT), not a lone autocommit statement.
    `SELECT (state = 'idle in transaction' OR xact_start < query_start) AS in_transaction,
            pg_terminate_backend(pid)
       FROM pg_stat_activity
      WHERE application_name = 'dooki-watch' AND pid <> pg_backend_pid()
        AND datname = current_database()`,
  );
  return { all: rows.length, inTransaction: rows.filter((row) => row.in_transaction).length };
}

describe('dooki-watch fleet, connections terminated under the workers', () => {
  it('keeps every worker up and loses no event over 20+ rounds, some inside open transactions', async () => {
    const api = await startFleetApi({ count: 8, clustersPerStore: 2, membersPerCluster: 400 });
    cleanups.push(() => api.close());
    const dir = tempDir('fleet-terminate-', cleanups);
    const config = writeFleetFile(api, dir, { interval: '1s' });
    const databaseUrl = await createDatabase();
    const workers: FleetWorker[] = [1, 2].map(() => startWorker(config, databaseUrl, {}, 8));
    for (const worker of workers) {
      cleanups.push(() => worker.stop());
      cleanups.push(() => {
        if (process.env.FLEET_DEBUG) console.log(worker.output());
      });
    }
    await waitForBaselines(workers, 16);

    const rounds: ReturnType<typeof churnAll>[] = [];
    const delivered = (alias: string) => readEvents(config.sinkOf(alias));
    let inTransaction = 0;
    let round = 0;
    // At least 20 rounds, and on until 3 of them caught a transaction open (bounded). Each
    // round's changes must arrive before the next churn: a customer who joins and leaves between
    // two scans is, rightly, no event at all.
    for (; round < 20 || (inTransaction < 3 && round < 80); round++) {
      rounds.push(churnAll(api, { join: 2, leave: 2 }));
      // A random moment: the scans, commits and deliveries of the churn are under way.
      await sleep(Math.floor(Math.random() * 1_500));
      const killed = await terminateFleetConnections(databaseUrl);
      if (killed.inTransaction > 0) inTransaction++;
      for (const worker of workers) expect(worker.child.exitCode, worker.output()).toBeNull();
      const started = Date.now();
      await waitFor(`the events of round ${round}`, () =>
        allArrived(countExpected(rounds), delivered),
      );
      if (process.env.FLEET_DEBUG)
        console.log(`round ${round}: ${Date.now() - started} ms, killed ${JSON.stringify(killed)}`);
    }
    expect(inTransaction).toBeGreaterThanOrEqual(3);
    expect(deliveryProblems(countExpected(rounds), delivered)).toEqual([]);
    for (const worker of workers) {
      expect(worker.child.exitCode).toBeNull();
      expect(worker.output()).not.toMatch(/unexpected error|Unhandled|uncaught/i);
    }
    for (const worker of workers) expect(await worker.stop()).toBe(130);
    console.log(`terminate rounds: ${round}, inside a transaction: ${inTransaction}`);
  }, 420_000);
});
