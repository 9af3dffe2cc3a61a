import { describe, expect, it } from 'vitest';
import { type ClusterReport } from '../src/watcher/scan-and-commit.js';
import {
  fastClient,
  memorySink,
  openState,
  settingsFor,
  startMock,
  runCycleWith,
} from './helpers/fixtures.js';
import { expectNoFalseEvents, replayMembership, type ScanTruth } from './helpers/truth.js';

describe('events against the simulator ground truth', () => {
  it('equal the ground-truth differences exactly across many churn steps', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 1_000 }] });
    const state = openState(':memory:');
    const sink = memorySink();
    const settings = settingsFor(fastClient(api), state);
    const initial = api.control.members(1);
    const truths: ScanTruth[] = [];
    const reports: ClusterReport[] = [];
    const scan = async () => {
      const start = new Set(api.control.members(1));
      const { clusters } = await runCycleWith(settings, [1], [sink]);
      reports.push(clusters[0]!);
      truths.push({ scan: clusters[0]!.scanNo, start, end: new Set(api.control.members(1)) });
      expect(clusters[0]!.outcome).not.toBe('incomplete');
    };
    await scan();
    expect(sink.events).toEqual([]); // silent baseline
    expect(reports[0]!.emitted).toEqual({ joined: 0, left: 0, updated: 0 });
    for (let step = 0; step < 8; step++) {
      api.control.churn(1, { joinPercent: 1 + (step % 4), leavePercent: 1 + ((step * 3) % 5) });
      await scan();
    }
    await scan(); // one quiet scan confirms the last leaves
    const final = api.control.members(1);
    const joined = sink.events
      .filter((e) => e.type === 'customer.joined')
      .map((e) => e.customer_id);
    const left = sink.events.filter((e) => e.type === 'customer.left').map((e) => e.customer_id);
    // Every customer a scan saw join gets exactly one join; every one gone at the end one leave
    // (some joined and left again in between: they get both).
    const everSeen = new Set(truths.flatMap((truth) => [...truth.end]));
    const everMember = [...new Set([...initial, ...everSeen])].sort((a, b) => a - b);
    expect(joined.sort((a, b) => a - b)).toEqual(everMember.filter((id) => !initial.includes(id)));
    expect(left.sort((a, b) => a - b)).toEqual(everMember.filter((id) => !final.includes(id)));
    expect(replayMembership(initial, sink.events)).toEqual(final);
    expectNoFalseEvents(sink.events, truths);
    // Each report counts the events its commit wrote, by type.
    const emitted = reports.map((report) => report.emitted);
    const total = (type: keyof ClusterReport['emitted']) =>
      emitted.reduce((sum, counts) => sum + counts[type], 0);
    expect([total('joined'), total('left'), total('updated')]).toEqual([
      joined.length,
      left.length,
      0,
    ]);
    // Requests per scan equal pages per scan: the diff costs no extra API calls.
    const scans = state.db.prepare('SELECT pages, requests FROM scans').all() as {
      pages: number;
      requests: number;
    }[];
    for (const row of scans) expect(row.requests).toBe(row.pages);
  });

  it('follows customers moving between two clusters watched from one state file', async () => {
    await using api = await startMock({
      clusters: [
        { id: 1, size: 300 },
        { id: 2, size: 300 },
      ],
    });
    const state = openState(':memory:');
    const sink = memorySink();
    const settings = settingsFor(fastClient(api), state);
    const initial = [api.control.members(1), api.control.members(2)];
    await runCycleWith(settings, [1, 2], [sink]);
    for (let step = 0; step < 4; step++) {
      api.control.churn(2, { join: 10, leave: 5 }); // ~20% of joins are moved out of cluster 1
      await runCycleWith(settings, [1, 2], [sink]);
    }
    await runCycleWith(settings, [1, 2], [sink]);
    for (const [index, clusterId] of [1, 2].entries()) {
      const events = sink.events.filter((e) => e.cluster_id === clusterId);
      expect(replayMembership(initial[index]!, events)).toEqual(api.control.members(clusterId));
    }
    expect(sink.events.some((e) => e.cluster_id === 1 && e.type === 'customer.left')).toBe(true);
  });

  it('emits the baseline as joins with emitInitial, with thin payloads', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 120 }] });
    const sink = memorySink();
    const settings = settingsFor(fastClient(api), openState(':memory:'), { emitInitial: true });
    await runCycleWith(settings, [1], [sink]);
    expect(sink.events.map((e) => e.customer_id)).toEqual(api.control.members(1));
    const sample = sink.events[0]!;
    const customer = api.control.customer(sample.customer_id);
    expect(sample.data).toEqual({ id: customer.id, name: customer.name, email: customer.email });
  });
});
