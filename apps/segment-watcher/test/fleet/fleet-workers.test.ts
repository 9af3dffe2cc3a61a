import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { createDatabase } from '../helpers/postgres.js';
import {
  allArrived,
  churnAll,
  deliveryProblems,
  metricSum,
  readEvents,
  scrape,
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

const STORES = 20;

describe('dooki-watch fleet, three worker processes on one Postgres', () => {
  it('delivers every join and leave of 20 stores exactly as the ground truth says, with no 429, the work spread over the workers', async () => {
    // 60 requests per minute per store, the real API's quota, with its headers.
    const api = await startFleetApi({
      count: STORES,
      clustersPerStore: 2,
      membersPerCluster: 250,
      rateLimit: { limit: 60, windowMs: 60_000 },
    });
    cleanups.push(() => api.close());
    const dir = tempDir('fleet-workers-', cleanups);
    const config = writeFleetFile(api, dir, { interval: '2s' });
    const databaseUrl = await createDatabase();
    // 8 jobs at a time each: 24 slots for 20 stores, so no single worker can hold them all.
    const workers: FleetWorker[] = [1, 2, 3].map(() => startWorker(config, databaseUrl, {}, 8));
    for (const worker of workers) {
      cleanups.push(() => worker.stop());
      cleanups.push(() => {
        if (process.env.FLEET_DEBUG) console.log(worker.output());
      });
    }

    await waitForBaselines(workers, STORES * 2);
    const expected = churnAll(api, { join: 3, leave: 2 });
    const delivered = (alias: string) => readEvents(config.sinkOf(alias));
    await waitFor('every expected event', () => allArrived(expected, delivered));

    expect(deliveryProblems(expected, delivered)).toEqual([]);
    expect(api.requests.filter((request) => request.status === 429)).toEqual([]);
    for (const worker of workers) {
      expect(metricSum(await scrape(worker), 'dooki_watch_scans_total')).toBeGreaterThan(0);
    }

    // `status` on the shared database lists every store's clusters, whoever scanned them.
    const { code, stdout } = await spawnCli(['status', '--json', '--state', databaseUrl], {})
      .exited;
    expect(code).toBe(0);
    const listed = (JSON.parse(stdout) as { clusters: { alias: string; clusterId: number }[] })
      .clusters;
    expect(new Set(listed.map((c) => `${c.alias}/${c.clusterId}`)).size).toBe(STORES * 2);

    for (const worker of workers) expect(await worker.stop()).toBe(130);
  }, 240_000);
});
