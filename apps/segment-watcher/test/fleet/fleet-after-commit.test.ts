// A scan job that fails *after* its commit (here: the database refuses the store's budget
// record, as a failover cutting that one statement does) must not leave the committed events
// waiting in the outbox: its retry finds nothing new to commit, so it has to ask for the
// delivery itself. Found by fleet-terminate.test.ts under load, where a round's events never
// arrived; this makes the same failure happen on purpose, every time.
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../helpers/postgres.js';
import {
  allArrived,
  churnAll,
  queryRows,
  readEvents,
  startFleetApi,
  startWorker,
  tempDir,
  trackCleanups,
  waitFor,
  waitForBaselines,
  writeFleetFile,
} from '../helpers/fleet.js';

const cleanups = trackCleanups();

/** Makes every write to `fleet_budgets` fail until {@link disarm}: each scan then fails after its commit. */
const ARM = `
  CREATE TABLE dooki_watch.test_fault (armed boolean NOT NULL);
  INSERT INTO dooki_watch.test_fault VALUES (true);
  CREATE FUNCTION dooki_watch.test_budget_fault() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF (SELECT armed FROM dooki_watch.test_fault) THEN
      RAISE EXCEPTION 'injected: budget record refused';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER test_budget_fault BEFORE INSERT OR UPDATE ON dooki_watch.fleet_budgets
    FOR EACH ROW EXECUTE FUNCTION dooki_watch.test_budget_fault();`;

describe('dooki-watch fleet, a scan job that fails after its commit', () => {
  it('still delivers the events it committed, once its retry succeeds', async () => {
    const api = await startFleetApi({ count: 1, clustersPerStore: 1, membersPerCluster: 200 });
    cleanups.push(() => api.close());
    const config = writeFleetFile(api, tempDir('fleet-after-commit-', cleanups), {
      interval: '1s',
      clusters: [1],
    });
    const databaseUrl = await createDatabase();
    const worker = startWorker(config, databaseUrl, {}, 2);
    cleanups.push(() => worker.stop());
    await waitForBaselines([worker], 1);

    await queryRows(databaseUrl, ARM);
    const expected = churnAll(api, { join: 3, leave: 2 }, undefined, [1]);
    // The churn is committed, and the scan that committed it has failed.
    await waitFor('the churn committed by a scan job that then failed', async () => {
      const [outbox] = await queryRows<{ pending: number }>(
        databaseUrl,
        'SELECT count(*)::int AS pending FROM dooki_watch.outbox WHERE delivered_at IS NULL',
      );
      const failed = await queryRows(
        databaseUrl,
        `SELECT 1 FROM graphile_worker.jobs WHERE last_error LIKE '%injected: budget record%'`,
      );
      return outbox!.pending === 5 && failed.length > 0;
    });
    expect(readEvents(config.sinkOf(api.stores[0]!.alias))).toEqual([]);
    await queryRows(databaseUrl, 'UPDATE dooki_watch.test_fault SET armed = false');

    // Nothing changes in the store any more: only the retry can ask for this delivery.
    await waitFor('the committed events delivered', () =>
      allArrived(expected, (alias) => readEvents(config.sinkOf(alias))),
    );
    expect(worker.child.exitCode).toBeNull();
  }, 180_000);
});
