import { describe, expect, it } from 'vitest';
import { createDatabase } from '../helpers/postgres.js';
import {
  allArrived,
  churnAll,
  countExpected,
  deliveryProblems,
  metricSum,
  queryRows,
  readEvents,
  scrape,
  startFleetApi,
  startWorker,
  tempDir,
  trackCleanups,
  waitFor,
  writeFleetFile,
  type FleetWorker,
} from '../helpers/fleet.js';

const cleanups = trackCleanups();

/** Each store's number of scans so far (all its clusters), from the state. */
async function scansPerStore(databaseUrl: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ alias: string; scans: number }>(
    databaseUrl,
    'SELECT alias, sum(last_scan)::int AS scans FROM dooki_watch.clusters GROUP BY alias',
  );
  return new Map(rows.map((row) => [row.alias, row.scans]));
}

/** Waits until every one of `aliases` was scanned at least `more` times after `before`. */
async function everyStoreScansAgain(
  databaseUrl: string,
  aliases: readonly string[],
  more: number,
): Promise<void> {
  const before = await scansPerStore(databaseUrl);
  await waitFor(`every store of ${aliases.length} scanned ${more} more times`, async () => {
    const now = await scansPerStore(databaseUrl);
    return aliases.every((alias) => (now.get(alias) ?? 0) >= (before.get(alias) ?? 0) + more);
  });
}

function spawnWorker(config: ReturnType<typeof writeFleetFile>, databaseUrl: string): FleetWorker {
  const worker = startWorker(config, databaseUrl, {}, 10);
  cleanups.push(() => worker.stop());
  cleanups.push(() => {
    if (process.env.FLEET_DEBUG) console.log(worker.output());
  });
  return worker;
}

describe('dooki-watch fleet, two fleet files on one database', () => {
  it('keeps every store of every running file scanned and delivered, through a rolling change', async () => {
    const api = await startFleetApi({ count: 15, clustersPerStore: 2, membersPerCluster: 100 });
    cleanups.push(() => api.close());
    const aliases = api.stores.map((store) => store.alias);
    const dir = tempDir('fleet-owner-', cleanups);
    const databaseUrl = await createDatabase();
    // Different files, as during a rollout: A has stores 1-10 every 1 s, B stores 6-15 every 2 s
    // with other rules. Both write a store's events to the same file (the same sink).
    const fileA = writeFleetFile(api, dir, { aliases: aliases.slice(0, 10), name: 'a.yaml' });
    const fileB = writeFleetFile(api, dir, {
      aliases: aliases.slice(5),
      name: 'b.yaml',
      interval: '2s',
      extra: ['fields: [name, email, phone.full_number]'],
    });
    const a = spawnWorker(fileA, databaseUrl);
    await waitFor('A to join', () => /joined/.test(a.output()));
    const b = spawnWorker(fileB, databaseUrl);
    await waitFor('30 baselines', async () => {
      const scans = await scansPerStore(databaseUrl);
      return aliases.every((alias) => (scans.get(alias) ?? 0) >= 2);
    });
    await everyStoreScansAgain(databaseUrl, aliases, 4);

    const delivered = (alias: string) => readEvents(fileA.sinkOf(alias));
    const rounds = [churnAll(api, { join: 3, leave: 2 })];
    await waitFor('every event of the first churn', () =>
      allArrived(countExpected(rounds), delivered),
    );
    // What the workers say they emitted is what the outbox holds (the silent baseline is none).
    const [outbox] = await queryRows<{ events: number }>(
      databaseUrl,
      'SELECT count(*)::int AS events FROM dooki_watch.outbox',
    );
    const emitted =
      metricSum(await scrape(a), 'dooki_watch_events_emitted_total') +
      metricSum(await scrape(b), 'dooki_watch_events_emitted_total');
    expect(outbox!.events).toBeGreaterThan(0);
    expect(emitted).toBe(outbox!.events);

    // Rolling change: A is restarted with B's file. Stores 1-5 are in no running file now;
    // stores 6-15 keep their schedule whoever takes their jobs.
    expect(await a.stop()).toBe(130);
    const a2 = spawnWorker(fileB, databaseUrl);
    await waitFor('A to rejoin with B’s file', () => /joined/.test(a2.output()));
    await everyStoreScansAgain(databaseUrl, aliases.slice(5), 4);
    rounds.push(churnAll(api, { join: 2, leave: 3 }, aliases.slice(5)));
    await waitFor('every event of the second churn', () =>
      allArrived(countExpected(rounds), delivered),
    );
    expect(deliveryProblems(countExpected(rounds), delivered)).toEqual([]);
    // The stores no file serves are not dropped: their jobs wait for a process that serves them.
    const waiting = await queryRows<{ key: string }>(
      databaseUrl,
      `SELECT key FROM graphile_worker.jobs WHERE key LIKE 'scan:store-00%'
        AND key < 'scan:store-006' ORDER BY key`,
    );
    expect(waiting.map((row) => row.key)).toEqual(
      aliases.slice(0, 5).flatMap((alias) => [`scan:${alias}:1`, `scan:${alias}:2`]),
    );
    for (const worker of [b, a2]) expect(worker.child.exitCode).toBeNull();
  }, 300_000);
});
