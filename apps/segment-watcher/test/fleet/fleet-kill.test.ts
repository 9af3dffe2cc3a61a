import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../helpers/postgres.js';
import {
  allArrived,
  churnAll,
  countExpected,
  deliveryProblems,
  readEvents,
  startFleetApi,
  startWorker,
  waitFor,
  waitForReady,
  waitForBaselines,
  writeFleetFile,
  type FleetWorker,
  tempDir,
  trackCleanups,
} from '../helpers/fleet.js';

const cleanups = trackCleanups();

const ROUNDS = 6;

describe('dooki-watch fleet, kill -9 of a worker', () => {
  it(`loses no event over ${ROUNDS} rounds of churn and a worker killed at a random moment`, async () => {
    const api = await startFleetApi({ count: 8, clustersPerStore: 2, membersPerCluster: 250 });
    cleanups.push(() => api.close());
    const dir = tempDir('fleet-kill-', cleanups);
    const config = writeFleetFile(api, dir, { interval: '1s' });
    const databaseUrl = await createDatabase();
    const workers: FleetWorker[] = [];
    const start = (): FleetWorker => {
      const worker = startWorker(config, databaseUrl, {}, 6);
      workers.push(worker);
      cleanups.push(() => worker.stop());
      return worker;
    };
    cleanups.push(() => {
      if (process.env.FLEET_DEBUG) for (const worker of workers) console.log(worker.output());
    });
    const alive = (): FleetWorker[] =>
      workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    // Only registered workers are killed: one killed before its first heartbeat leaves nothing
    // for a peer to release (a slow start on a loaded machine made that happen).
    for (const worker of [start(), start(), start()]) await waitForReady(worker);
    const delivered = (alias: string) => readEvents(config.sinkOf(alias));
    await waitForBaselines(workers, 16);
    const rounds: Map<string, Set<string>>[] = [];

    const kills: string[] = []; // what each round did, for a failure message
    for (let round = 1; round <= ROUNDS; round++) {
      rounds.push(churnAll(api, { join: 3, leave: 2 }));
      // Scans run every second and deliveries follow them: a moment in the next 2.5 s
      // lands in a scan, a commit, a delivery or between them.
      const delayMs = Math.floor(Math.random() * 2_500);
      await sleep(delayMs);
      const victims = alive();
      const victim = victims[Math.floor(Math.random() * victims.length)]!;
      victim.child.kill('SIGKILL');
      kills.push(`round ${round}: pid ${victim.child.pid} after ${delayMs} ms`);
      const replacement = start();
      await waitFor(`round ${round}'s events (${kills.join('; ')})`, () =>
        allArrived(countExpected(rounds), delivered),
      );
      await waitForReady(replacement);
    }

    expect(deliveryProblems(countExpected(rounds), delivered)).toEqual([]);
    const victims = workers.filter((w) => w.child.signalCode === 'SIGKILL');
    expect(victims).toHaveLength(ROUNDS);
    // Each dead process was noticed by a peer, which released its jobs to the fleet.
    const log = () => workers.map((w) => w.output()).join('');
    await waitFor('every killed process released', () =>
      victims.every((v) => new RegExp(`process [^ ]*:${v.child.pid}:\\S+ went silent`).test(log())),
    );
  }, 300_000);
});
