import { type FaultRule } from '@clusterstream/dooki-mock';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../src/state/sqlite/outbox.js';
import {
  fastClient,
  memorySink,
  openState,
  settingsFor,
  startMock,
  runCycleWith,
} from './helpers/fixtures.js';
import { expectNoFalseEvents, replayMembership, type ScanTruth } from './helpers/truth.js';

/**
 * A watched cluster 1 and scan() recording ground truth around each cycle. With `donorSize`, an
 * unwatched cluster 2 holds the lower ids, so some joins (moved customers) land mid-list and
 * shift the pages under a running scan.
 */
async function world(
  size: number,
  clientOptions: { timeoutMs?: number; retries?: number } = {},
  donorSize = 0,
) {
  const donor = donorSize > 0 ? [{ id: 2, size: donorSize }] : [];
  const api = await startMock({ clusters: [...donor, { id: 1, size }] });
  const state = openState(':memory:');
  const sink = memorySink();
  const settings = settingsFor(fastClient(api, clientOptions), state);
  const truths: ScanTruth[] = [];
  // A deleted cluster has no members (the simulator refuses to list it).
  const membersNow = () => {
    try {
      return new Set(api.control.members(1));
    } catch {
      return new Set<number>();
    }
  };
  const scan = async () => {
    const start = membersNow();
    const { clusters } = await runCycleWith(settings, [1], [sink]);
    truths.push({ scan: clusters[0]!.scanNo, start, end: membersNow() });
    return clusters[0]!;
  };
  const baseline = api.control.members(1);
  await scan();
  return { api, state, sink, truths, scan, baseline, [Symbol.asyncDispose]: () => api.close() };
}

describe('faults mid-scan', () => {
  it.each<[string, FaultRule]>([
    [
      'a 5xx burst',
      {
        match: { route: 'cluster-customers', page: 3 },
        times: 2,
        fault: { kind: 'status', status: 503 },
      },
    ],
    [
      'a connection reset',
      { match: { route: 'cluster-customers', page: 2 }, fault: { kind: 'reset' } },
    ],
    [
      'a truncated page',
      { match: { route: 'cluster-customers', page: 4 }, fault: { kind: 'truncate' } },
    ],
  ])('recovers from %s with a complete scan and true events', async (_name, fault) => {
    await using w = await world(500);
    w.api.control.churn(1, { join: 6, leave: 4 });
    w.api.control.addFault(fault);
    expect((await w.scan()).outcome).toBe('complete');
    await w.scan();
    expectNoFalseEvents(w.sink.events, w.truths);
    expect(replayMembership(w.baseline, w.sink.events)).toEqual(w.api.control.members(1));
  });

  it.each<[string, FaultRule, RegExp]>([
    [
      'persistent 5xx',
      {
        match: { route: 'cluster-customers', page: 3 },
        times: Infinity,
        fault: { kind: 'status', status: 500 },
      },
      /DOOKI_ERR_SERVER/,
    ],
    [
      'a hang past the timeout',
      { match: { route: 'cluster-customers', page: 2 }, times: Infinity, fault: { kind: 'hang' } },
      /DOOKI_ERR_TIMEOUT/,
    ],
    [
      '401 mid-scan',
      {
        match: { route: 'cluster-customers', afterRequests: 2 },
        times: Infinity,
        fault: { kind: 'status', status: 401 },
      },
      /DOOKI_ERR_AUTH/,
    ],
    [
      'the cluster deleted mid-scan',
      { match: { route: 'cluster-customers', page: 3 }, fault: { kind: 'delete-cluster' } },
      /DOOKI_ERR_NOT_FOUND/,
    ],
  ])(
    'treats %s as incomplete: nothing emitted, snapshot and absence counts kept',
    async (_name, fault, reason) => {
      await using w = await world(500, { timeoutMs: 200, retries: 1 });
      w.api.control.churn(1, { join: 5, leave: 5 });
      await w.scan(); // the 5 leavers are now absent once
      const eventsBefore = w.sink.events.length;
      const absentBefore = w.state.db
        .prepare('SELECT customer_id, missing_scans FROM members WHERE missing_scans > 0')
        .all();
      w.api.control.addFault(fault);
      const report = await w.scan();
      expect(report.outcome).toBe('incomplete');
      expect(report.reason).toMatch(reason);
      expect(w.sink.events.length).toBe(eventsBefore);
      expect(
        w.state.db
          .prepare('SELECT customer_id, missing_scans FROM members WHERE missing_scans > 0')
          .all(),
      ).toEqual(absentBefore);
      expect(new Outbox(w.state).pendingCount()).toBe(0);
    },
  );

  it('waits out 429s (Retry-After) and still completes the scan with true events', async () => {
    await using api = await startMock({
      clusters: [{ id: 1, size: 800 }],
      rateLimit: { limit: 5, windowMs: 1_000 },
    });
    const sink = memorySink();
    const settings = settingsFor(fastClient(api), openState(':memory:'));
    await runCycleWith(settings, [1], [sink]);
    const { joined } = api.control.churn(1, { join: 3 });
    const { clusters } = await runCycleWith(settings, [1], [sink]);
    expect(clusters[0]!.outcome).toBe('complete');
    expect(api.requests.some((entry) => entry.status === 429)).toBe(true);
    expect(sink.events.map((e) => e.customer_id)).toEqual(joined);
  });

  it('lets page drift hide nobody: no false leave, and the ground truth is reached afterwards', async () => {
    await using w = await world(600);
    // Members leave (and join) between page requests of the same scan, twice in a row.
    // The first drift keeps `total` unchanged, so only the two-scan rule stands between it and a false leave.
    for (const [page, join, leave] of [
      [3, 3, 3],
      [5, 1, 4],
    ] as const) {
      w.api.control.addFault({
        match: { route: 'cluster-customers', page },
        fault: { kind: 'drift', join, leave },
      });
      await w.scan();
    }
    await w.scan();
    await w.scan();
    expectNoFalseEvents(w.sink.events, w.truths);
    expect(replayMembership(w.baseline, w.sink.events)).toEqual(w.api.control.members(1));
  });
});

const faultArb: fc.Arbitrary<FaultRule['fault'] | null> = fc.oneof(
  fc.constant(null),
  fc.constant({ kind: 'status', status: 502 } as const),
  fc.constant({ kind: 'reset' } as const),
  fc.constant({ kind: 'truncate' } as const),
  fc.record({
    kind: fc.constant('drift' as const),
    join: fc.integer({ min: 0, max: 3 }),
    leave: fc.integer({ min: 0, max: 4 }),
  }),
);

describe('randomized fault and drift schedules', () => {
  it('never produce a false event, and quiet scans afterwards reach the ground truth', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            churn: fc.option(fc.record({ join: fc.nat(6), leave: fc.nat(6) }), { nil: undefined }),
            fault: faultArb,
            page: fc.integer({ min: 1, max: 4 }),
            times: fc.integer({ min: 1, max: 6 }),
          }),
          { minLength: 2, maxLength: 6 },
        ),
        async (schedule) => {
          await using w = await world(350, { retries: 2 }, 200);
          for (const step of schedule) {
            if (step.churn) w.api.control.churn(1, step.churn);
            // A fault hitting more times than the retries allow makes the scan incomplete.
            if (step.fault)
              w.api.control.addFault({
                match: { route: 'cluster-customers', page: step.page },
                times: step.fault.kind === 'drift' ? 1 : step.times,
                fault: step.fault,
              });
            await w.scan();
            w.api.control.clearFaults();
          }
          await w.scan();
          await w.scan();
          expectNoFalseEvents(w.sink.events, w.truths);
          expect(replayMembership(w.baseline, w.sink.events)).toEqual(w.api.control.members(1));
        },
      ),
      { numRuns: 25 },
    );
    // 25 schedules of up to 8 scans each: generous on a loaded 2-core machine.
  }, 90_000);
});
