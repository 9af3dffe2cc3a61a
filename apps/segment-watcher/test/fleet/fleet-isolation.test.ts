import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../helpers/postgres.js';
import { startReceiver } from '../helpers/receiver.js';
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
  type DeliveredEvent,
  type FleetWorker,
  tempDir,
  trackCleanups,
} from '../helpers/fleet.js';

const cleanups = trackCleanups();

const WEBHOOK_STORE = 'store-001';
const REVOKED_STORE = 'store-002';
const HEALTHY = ['store-003', 'store-004', 'store-005'];

describe('dooki-watch fleet, one store in trouble', () => {
  it('quarantines a revoked store and holds back a down webhook while the other stores finish; both recover', async () => {
    let receiverDown = true;
    const receiver = await startReceiver(() => ({ status: receiverDown ? 503 : 204 }));
    cleanups.push(() => receiver[Symbol.asyncDispose]());
    const api = await startFleetApi({ count: 5, clustersPerStore: 2, membersPerCluster: 200 });
    cleanups.push(() => api.close());
    const dir = tempDir('fleet-isolation-', cleanups);
    const config = writeFleetFile(api, dir, {
      interval: '1s',
      webhook: {
        alias: WEBHOOK_STORE,
        url: receiver.url,
        secret: `whsec_${randomBytes(24).toString('base64')}`,
      },
    });
    const databaseUrl = await createDatabase();
    const workers: FleetWorker[] = [1, 2].map(() =>
      startWorker(config, databaseUrl, { DOOKI_FLEET_QUARANTINE_RECHECK_MS: '2000' }, 10),
    );
    for (const worker of workers) {
      cleanups.push(() => worker.stop());
      cleanups.push(() => {
        if (process.env.FLEET_DEBUG) console.log(worker.output());
      });
    }
    await waitForBaselines(workers, 10);

    api.store(REVOKED_STORE).control.revokeCredentials();
    const expected = churnAll(api, { join: 3, leave: 2 });
    const delivered = (alias: string): DeliveredEvent[] =>
      alias === WEBHOOK_STORE
        ? receiver.accepted().map((request) => JSON.parse(request.body) as DeliveredEvent)
        : readEvents(config.sinkOf(alias));
    const healthy = new Map(HEALTHY.map((alias) => [alias, expected.get(alias)!]));
    const fleetMetric = async (name: string, labels: string): Promise<number[]> =>
      Promise.all(workers.map(async (worker) => metricSum(await scrape(worker), name, labels)));

    // The healthy stores finish while one store is refused and another's receiver is down.
    await waitFor('the healthy stores’ events', () => allArrived(healthy, delivered));
    expect(deliveryProblems(healthy, delivered)).toEqual([]);
    // Every worker reports the fleet's quarantine, whichever one hit the 401.
    await waitFor('the revoked store in quarantine on every worker', async () =>
      (await fleetMetric('dooki_watch_store_quarantined', `store="${REVOKED_STORE}"`)).every(
        (value) => value === 1,
      ),
    );
    expect(workers.map((w) => w.output()).join('')).toContain(
      `store ${REVOKED_STORE} quarantined (DOOKI_ERR_AUTH`,
    );
    expect(readEvents(config.sinkOf(REVOKED_STORE))).toEqual([]);
    await waitFor('delivery attempts to the down receiver', () => receiver.requests.length > 0);
    expect(receiver.accepted()).toEqual([]);
    // All of that store's events are committed and wait in its outbox (none delivered).
    await waitFor('the webhook store’s events held in its outbox', async () =>
      (await fleetMetric('dooki_watch_outbox_depth', `store="${WEBHOOK_STORE}"`)).every(
        (depth) => depth === expected.get(WEBHOOK_STORE)!.size,
      ),
    );
    expect(receiver.accepted()).toEqual([]);

    // Both recover: the credentials work again and the receiver answers 204.
    api.store(REVOKED_STORE).control.reinstateCredentials();
    receiverDown = false;
    await waitFor('every expected event', () => allArrived(expected, delivered));
    expect(deliveryProblems(expected, delivered)).toEqual([]);
    await waitFor('the quarantine lifted on every worker', async () =>
      (await fleetMetric('dooki_watch_store_quarantined', `store="${REVOKED_STORE}"`)).every(
        (value) => value === 0,
      ),
    );
    expect(workers.map((w) => w.output()).join('')).toContain(
      `store ${REVOKED_STORE} answers again; quarantine lifted`,
    );
    expect(api.requests.filter((request) => request.status === 429)).toEqual([]);
  }, 240_000);
});
