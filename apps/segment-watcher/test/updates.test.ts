import { type ClusterChange } from '../src/events.js';
import { describe, expect, it } from 'vitest';
import { diffMembership, resolveTruthRules } from '@clusterstream/core/membership';
import { commitScan } from '../src/state/sqlite/commit.js';
import { Outbox } from '../src/state/sqlite/outbox.js';
import {
  fastClient,
  memorySink,
  openState,
  settingsFor,
  startMock,
  runCycleWith,
} from './helpers/fixtures.js';
import { observe } from './helpers/snapshots.js';

const record = {
  startedAt: new Date(),
  finishedAt: new Date(),
  pages: 1,
  requests: 1,
  uniqueItems: 2,
  total: 2,
};

describe('customer.updated', () => {
  it('is emitted with the new payload when the tracked fields change, and the stored payload follows', () => {
    // The simulator serves immutable customers, so content changes are fed to the commit directly.
    const state = openState(':memory:');
    const cluster = state.cluster('demo-store', 1);
    const rules = resolveTruthRules({ maxLeaveFraction: 1 });
    const commit = (hashes: number[], names: string[], ids = [1, 2]) => {
      const fresh = state.cluster('demo-store', 1);
      const previous = state.loadSnapshot(fresh.clusterKey);
      const scan = { ...observe(ids), hashes: Int32Array.from(hashes) };
      const diff = diffMembership(previous, scan, rules);
      state.stage(
        fresh.clusterKey,
        ids
          .filter((id, i) => previous.hashes[previous.ids.indexOf(id)] !== hashes[i])
          .map((id) => ({
            customerId: id,
            hash: hashes[ids.indexOf(id)]!,
            payload: JSON.stringify({ id, name: names[ids.indexOf(id)] }),
          })),
      );
      return commitScan(state, {
        cluster: fresh,
        record,
        diff,
        stable: true,
        emitJoins: true,
        emitUpdates: true,
        hashFields: ['name'],
      });
    };
    commit([10, 20], ['Ana', 'Bia']);
    expect(commit([10, 21], ['Ana', 'Beatriz']).events).toBe(1);
    commit([10], ['Ana'], [1]);
    commit([10], ['Ana'], [1]);
    const events = new Outbox(state)
      .pending(10)
      .map((event) => JSON.parse(event.body) as ClusterChange);
    expect(events.map((e) => [e.type, e.customer_id, e.data.name])).toEqual([
      ['customer.joined', 1, 'Ana'],
      ['customer.joined', 2, 'Bia'],
      ['customer.updated', 2, 'Beatriz'],
      ['customer.left', 2, 'Beatriz'],
    ]);
    expect(cluster.clusterKey).toBe(state.cluster('demo-store', 1).clusterKey);
  });

  it('stays silent when the tracked field list itself changes between runs', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 60 }] });
    const state = openState(':memory:');
    const sink = memorySink();
    const client = fastClient(api);
    await runCycleWith(settingsFor(client, state, { updateFields: ['name'] }), [1], [sink]);
    const widened = await runCycleWith(
      settingsFor(client, state, { updateFields: ['name', 'email'] }),
      [1],
      [sink],
    );
    const again = await runCycleWith(
      settingsFor(client, state, { updateFields: ['name', 'email'] }),
      [1],
      [sink],
    );
    expect([widened.clusters[0]!.updates, again.clusters[0]!.updates]).toEqual([0, 0]);
    expect(sink.events).toEqual([]);
    // Every hash was refreshed once, so the next scan finds nothing to restage.
    expect(state.db.prepare('SELECT hash_fields FROM clusters').get()).toEqual({
      hash_fields: '["name","email"]',
    });
  });
});
