import { describe, expect, it } from 'vitest';
import { createDatabase } from '../helpers/postgres.js';
import {
  readEvents,
  startFleetApi,
  startWorker,
  waitFor,
  waitForReady,
  writeFleetFile,
  type FleetWorker,
  tempDir,
  trackCleanups,
} from '../helpers/fleet.js';

const cleanups = trackCleanups();

describe('dooki-watch fleet, one worker', () => {
  it('baselines every store, then delivers each join and leave once per store sink', async () => {
    const api = await startFleetApi({ count: 3, clustersPerStore: 2, membersPerCluster: 250 });
    cleanups.push(() => api.close());
    const dir = tempDir('fleet-smoke-', cleanups);
    const config = writeFleetFile(api, dir);
    const databaseUrl = await createDatabase();
    const worker: FleetWorker = startWorker(config, databaseUrl);
    cleanups.push(() => worker.stop());

    cleanups.push(() => {
      if (process.env.FLEET_DEBUG) console.log(worker.output());
    });
    await waitForReady(worker);
    const ops = await worker.opsUrl();
    // Baselines are silent; wait until every cluster has one.
    await waitFor('six baselines', async () => {
      const text = await (await fetch(`${ops}/metrics`)).text();
      const baselines = [
        ...text.matchAll(/dooki_watch_scans_total\{store="[^"]+",outcome="baseline"\} (\d+)/g),
      ];
      return baselines.reduce((sum, match) => sum + Number(match[1]), 0) >= 6;
    });
    // The simulator's ground truth before and after the churn is the oracle (a customer who
    // joins one cluster may leave another).
    const expected = new Map<string, Set<string>>();
    for (const store of api.stores) {
      const before = [1, 2].map((id) => new Set(store.control.members(id)));
      for (const clusterId of [1, 2]) store.control.churn(clusterId, { join: 3, leave: 2 });
      const keys = new Set<string>();
      [1, 2].forEach((clusterId, index) => {
        const after = new Set(store.control.members(clusterId));
        for (const id of after)
          if (!before[index]!.has(id)) keys.add(`customer.joined:${clusterId}:${id}`);
        for (const id of before[index]!)
          if (!after.has(id)) keys.add(`customer.left:${clusterId}:${id}`);
      });
      expected.set(store.alias, keys);
    }
    const delivered = (alias: string): Set<string> =>
      new Set(
        readEvents(config.sinkOf(alias)).map((e) => `${e.type}:${e.cluster_id}:${e.customer_id}`),
      );
    await waitFor('every expected event', () =>
      [...expected].every(([alias, keys]) => [...keys].every((key) => delivered(alias).has(key))),
    );
    for (const [alias, keys] of expected) {
      expect(delivered(alias)).toEqual(keys); // none invented
      expect(readEvents(config.sinkOf(alias)).every((event) => event.alias === alias)).toBe(true);
    }
    // The counter moves when the delivery job ends, a moment after the sink has the events.
    await waitFor('the delivered counter', async () => {
      const metrics = await (await fetch(`${ops}/metrics`)).text();
      const deliveredCount = Number(
        /dooki_watch_events_delivered_total\{store="store-001"\} (\d+)/.exec(metrics)?.[1],
      );
      return deliveredCount >= expected.get('store-001')!.size;
    });
    expect(api.requests.filter((request) => request.status === 429)).toEqual([]);
    expect(await worker.stop()).toBe(130);
  }, 180_000);
});
