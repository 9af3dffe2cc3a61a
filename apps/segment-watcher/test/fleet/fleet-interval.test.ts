import { describe, expect, it } from 'vitest';
import { createDatabase } from '../helpers/postgres.js';
import {
  queryRows,
  startFleetApi,
  startWorker,
  tempDir,
  trackCleanups,
  waitFor,
  writeFleetFile,
} from '../helpers/fleet.js';

const cleanups = trackCleanups();

const scans = async (databaseUrl: string): Promise<number[]> =>
  (
    await queryRows<{ last_scan: number }>(
      databaseUrl,
      'SELECT last_scan FROM dooki_watch.clusters ORDER BY alias, cluster_id',
    )
  ).map((row) => row.last_scan);

describe('dooki-watch fleet, an interval changed between two starts', () => {
  it('takes a shorter interval at the restart, not after the old one', async () => {
    const api = await startFleetApi({ count: 2, clustersPerStore: 2, membersPerCluster: 50 });
    cleanups.push(() => api.close());
    const dir = tempDir('fleet-interval-', cleanups);
    const databaseUrl = await createDatabase();
    const hourly = writeFleetFile(api, dir, { interval: '1h', clusters: [1, 2] });
    const first = startWorker(hourly, databaseUrl, {}, 4);
    cleanups.push(() => first.stop());
    await waitFor('the worker to join', () => /joined/.test(first.output()));
    await waitFor('the baselines', async () => {
      const done = await scans(databaseUrl);
      return done.length === 4 && done.every((scan) => scan >= 1);
    });
    expect(await first.stop()).toBe(130);
    // The next scans are an hour away now; the new file says every 2 s.
    const often = writeFleetFile(api, dir, {
      interval: '2s',
      clusters: [1, 2],
      name: 'often.yaml',
    });
    const second = startWorker(often, databaseUrl, {}, 4);
    cleanups.push(() => second.stop());
    await waitFor('two more scans of every cluster', async () =>
      (await scans(databaseUrl)).every((scan) => scan >= 3),
    );
    expect(await second.stop()).toBe(130);
  }, 180_000);
});
