import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startPostgres } from '../../support/postgres-server.js';
import {
  allArrived,
  churnAll,
  countExpected,
  deliveryProblems,
  readEvents,
  startFleetApi,
  startWorker,
  waitFor,
  waitForBaselines,
  writeFleetFile,
  type FleetWorker,
  tempDir,
  trackCleanups,
} from '../helpers/fleet.js';

const cleanups = trackCleanups();

describe('dooki-watch fleet, Postgres restarted under the workers', () => {
  it('loses nothing: the workers reconnect and carry on', async () => {
    // A server of its own: the suite's shared one must not go away under other tests.
    const postgres = await startPostgres();
    cleanups.push(() => postgres.stop());
    const api = await startFleetApi({ count: 6, clustersPerStore: 2, membersPerCluster: 200 });
    cleanups.push(() => api.close());
    const dir = tempDir('fleet-pg-restart-', cleanups);
    const config = writeFleetFile(api, dir, { interval: '1s' });
    const workers: FleetWorker[] = [1, 2].map(() => startWorker(config, postgres.url, {}, 8));
    for (const worker of workers) {
      cleanups.push(() => worker.stop());
      cleanups.push(() => {
        if (process.env.FLEET_DEBUG) console.log(worker.output());
      });
    }
    await waitForBaselines(workers, 12);

    // Churn, and take the database away while the scans of it run.
    const rounds = [churnAll(api, { join: 3, leave: 2 })];
    await sleep(300);
    await postgres.halt();
    await sleep(3_000);
    await postgres.resume();
    const delivered = (alias: string) => readEvents(config.sinkOf(alias));
    await waitFor('the events of the churn before the restart', () =>
      allArrived(countExpected(rounds), delivered),
    );
    // And they carry on: a change after the restart arrives too.
    rounds.push(churnAll(api, { join: 3, leave: 2 }));
    await waitFor('every expected event', () => allArrived(countExpected(rounds), delivered));
    expect(deliveryProblems(countExpected(rounds), delivered)).toEqual([]);
    for (const worker of workers) {
      expect(worker.child.exitCode).toBeNull();
      expect(worker.output()).toMatch(/database connection lost|terminat/i);
    }
    for (const worker of workers) expect(await worker.stop()).toBe(130);
  }, 240_000);
});
