import { describe, expect, it } from 'vitest';
import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';
import { YampiClusterTrigger } from '../nodes/YampiClusterTrigger/YampiClusterTrigger.node';
import { contextFor, fromList, useTestApi } from './fixtures';

const trigger = new YampiClusterTrigger();
const mock = useTestApi();

/** One poll with the given static data, as n8n would run it on schedule. */
interface PollSettings {
  clusterId?: number;
  events?: string[];
  mode?: 'manual' | 'trigger';
  pollBudgetMs?: number;
  /** Breaker parameters; absent like on workflows saved before they existed. */
  maxLeavePercent?: number;
  confirmHeldLeaves?: number;
}

function poll(
  staticData: IDataObject,
  {
    clusterId = 2,
    events = ['joined', 'left'],
    mode = 'trigger',
    pollBudgetMs,
    ...breaker
  }: PollSettings = {},
) {
  const context = contextFor(mock.api, {
    parameters: { clusterId: fromList(clusterId), events, ...breaker },
    staticData,
    mode,
    ...(pollBudgetMs !== undefined && { pollBudgetMs }),
    nodeType: 'n8n-nodes-yampi-clusters.yampiClusterTrigger',
  });
  return trigger.poll.call(context.poll);
}

const eventsOf = (result: Awaited<ReturnType<typeof poll>>) =>
  (result?.[0] ?? []).map(({ json }) => `${json.event as string}:${json.customerId as number}`);

/** A customer id outside every cluster. */
const newcomer = 900_001;

describe('Yampi Cluster Trigger', () => {
  it('first poll records the baseline (ids only) and emits nothing', async () => {
    const state: IDataObject = {};
    expect(await poll(state)).toBeNull();
    expect(state).toEqual({ clusterId: 2, members: mock.api.control.members(2), absentOnce: [] });
  });

  it('emits a join with the customer record, secrets removed', async () => {
    const state: IDataObject = {};
    await poll(state);
    mock.api.control.addMembers(2, [newcomer]);
    const result = await poll(state);
    expect(eventsOf(result)).toEqual([`joined:${newcomer}`]);
    const { json } = result![0]![0]!;
    expect(json).toMatchObject({ event: 'joined', clusterId: 2, customerId: newcomer });
    const customer = json.customer as IDataObject;
    expect(customer.email).toBe(mock.api.control.customer(newcomer).email);
    expect(customer).not.toHaveProperty('token');
    expect(customer).not.toHaveProperty('login_url');
    expect(state.members).toContain(newcomer);
  });

  it('a leave needs two consecutive complete scans without the customer', async () => {
    const state: IDataObject = {};
    await poll(state);
    const [leaver] = mock.api.control.members(2);
    mock.api.control.removeMembers(2, [leaver!]);
    expect(await poll(state)).toBeNull();
    expect(state.absentOnce).toEqual([leaver]);
    expect(eventsOf(await poll(state))).toEqual([`left:${leaver}`]);
    expect(state.members).not.toContain(leaver);
    expect(state.absentOnce).toEqual([]);
  });

  it('a customer missing from one scan only never counts as a leave', async () => {
    const state: IDataObject = {};
    await poll(state);
    const [flicker] = mock.api.control.members(2);
    mock.api.control.removeMembers(2, [flicker!]);
    await poll(state);
    mock.api.control.addMembers(2, [flicker!]);
    expect(await poll(state)).toBeNull();
    expect(await poll(state)).toBeNull();
    expect(state.members).toContain(flicker);
    expect(state.absentOnce).toEqual([]);
  });

  it('a poll that runs twice emits each event once', async () => {
    const state: IDataObject = {};
    await poll(state);
    mock.api.control.addMembers(2, [newcomer]);
    expect(eventsOf(await poll(state))).toEqual([`joined:${newcomer}`]);
    expect(await poll(state)).toBeNull();
  });

  it('a failed scan throws, emits nothing and keeps the state', async () => {
    const state: IDataObject = {};
    await poll(state);
    const before = structuredClone(state);
    mock.api.control.removeMembers(2, mock.api.control.members(2).slice(0, 3));
    mock.api.control.addFault({
      match: { route: 'cluster-customers' },
      fault: { kind: 'status', status: 401 },
    });
    await expect(poll(state)).rejects.toBeInstanceOf(NodeApiError);
    expect(state).toEqual(before);
  });

  it('an incomplete scan (membership changed mid-scan) emits nothing and keeps the state', async () => {
    const state: IDataObject = {};
    await poll(state, { clusterId: 1 });
    const before = structuredClone(state);
    // Between page 1 and page 2, ten members leave: page 2 shifts and the totals disagree.
    mock.api.control.addFault({
      match: { route: 'cluster-customers', clusterId: 1, page: 2 },
      fault: { kind: 'drift', leave: 10 },
    });
    expect(await poll(state, { clusterId: 1 })).toBeNull();
    expect(state).toEqual(before);
  });

  it("a scan cut short by the host's poll budget emits nothing and keeps the state", async () => {
    const state: IDataObject = {};
    await poll(state, { clusterId: 1 });
    const before = structuredClone(state);
    mock.api.control.removeMembers(1, mock.api.control.members(1).slice(0, 5));
    mock.api.control.addFault({
      match: { route: 'cluster-customers', clusterId: 1, page: 2 },
      fault: { kind: 'latency', ms: 2_000 },
    });
    expect(await poll(state, { clusterId: 1, pollBudgetMs: 500 })).toBeNull();
    expect(state).toEqual(before);
  });

  it('manual mode returns one real customer as a sample and leaves the state alone', async () => {
    const state: IDataObject = {};
    const result = await poll(state, { mode: 'manual' });
    expect(result![0]).toHaveLength(1);
    const [first] = mock.api.control.members(2);
    expect(result![0]![0]!.json).toMatchObject({
      event: 'joined',
      clusterId: 2,
      customerId: first,
    });
    expect(state).toEqual({});

    await poll(state);
    const baseline = structuredClone(state);
    await poll(state, { mode: 'manual', events: ['left'] });
    expect(state).toEqual(baseline);
  });

  it('only the selected events are emitted, but the state follows every change', async () => {
    const state: IDataObject = {};
    await poll(state, { events: ['left'] });
    mock.api.control.addMembers(2, [newcomer]);
    expect(await poll(state, { events: ['left'] })).toBeNull();
    expect(state.members).toContain(newcomer);
  });

  it('switching to another cluster starts a new baseline instead of reporting a diff', async () => {
    const state: IDataObject = {};
    await poll(state, { clusterId: 2 });
    expect(await poll(state, { clusterId: 1 })).toBeNull();
    expect(state.members).toEqual(mock.api.control.members(1));
  });

  describe('mass-change breaker', () => {
    /** 40 of cluster 1's 250 members (16%, above the 15% default) leave at once. */
    async function massLeave(state: IDataObject) {
      await poll(state, { clusterId: 1 });
      const leavers = mock.api.control.members(1).slice(0, 40);
      mock.api.control.removeMembers(1, leavers);
      // The first poll only sees them missing once: nothing is confirmed, nothing is held yet.
      expect(await poll(state, { clusterId: 1 })).toBeNull();
      expect(state.absentOnce).toEqual(leavers);
      return leavers;
    }

    it('holds leaves for more than 15% of the cluster and fails the poll, keeping the state', async () => {
      const state: IDataObject = {};
      const leavers = await massLeave(state);
      mock.api.control.addMembers(1, [newcomer]);
      const before = structuredClone(state);
      const failure = await poll(state, { clusterId: 1 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(NodeOperationError);
      const { message, description } = failure as NodeOperationError;
      expect(message).toBe(
        'Held 40 "customer left" events: 40 of 250 members (16%) are missing, more than the 15% allowed',
      );
      expect(description).toContain(
        `Held customer ids: ${leavers.slice(0, 20).join(', ')} and 20 more.`,
      );
      expect(description).toContain('set "Confirm Held Leaves" to 40');
      expect(description).toContain('raise "Max Leave Percentage" to 16 or more');
      expect(state).toEqual(before);
      // Time alone never releases them: the next poll holds them again.
      await expect(poll(state, { clusterId: 1 })).rejects.toThrow('Held 40');
      expect(state).toEqual(before);
    });

    it('confirming the held count releases the leaves, with the joins that waited', async () => {
      const state: IDataObject = {};
      const leavers = await massLeave(state);
      mock.api.control.addMembers(1, [newcomer]);
      await expect(poll(state, { clusterId: 1 })).rejects.toThrow('Held 40');
      // A confirmation for another count releases nothing.
      await expect(poll(state, { clusterId: 1, confirmHeldLeaves: 39 })).rejects.toThrow('Held 40');
      const released = await poll(state, { clusterId: 1, confirmHeldLeaves: 40 });
      expect(eventsOf(released)).toEqual([
        `joined:${newcomer}`,
        ...leavers.map((id) => `left:${id}`),
      ]);
      expect(state.members).toEqual(mock.api.control.members(1));
      expect(state.absentOnce).toEqual([]);
    });

    it('raising Max Leave Percentage above the share releases them', async () => {
      const state: IDataObject = {};
      const leavers = await massLeave(state);
      await expect(poll(state, { clusterId: 1, maxLeavePercent: 15.9 })).rejects.toThrow('Held 40');
      const released = await poll(state, { clusterId: 1, maxLeavePercent: 16 });
      expect(eventsOf(released)).toEqual(leavers.map((id) => `left:${id}`));
    });

    it('uses the configured threshold: 12% of the cluster is held at 10%', async () => {
      const state: IDataObject = {};
      await poll(state, { clusterId: 1, maxLeavePercent: 10 });
      mock.api.control.removeMembers(1, mock.api.control.members(1).slice(0, 30));
      expect(await poll(state, { clusterId: 1, maxLeavePercent: 10 })).toBeNull();
      await expect(poll(state, { clusterId: 1, maxLeavePercent: 10 })).rejects.toThrow(
        'Held 30 "customer left" events: 30 of 250 members (12%) are missing, more than the 10% allowed',
      );
    });

    it('members who come back end the hold without any event', async () => {
      const state: IDataObject = {};
      const leavers = await massLeave(state);
      await expect(poll(state, { clusterId: 1 })).rejects.toThrow('Held 40');
      mock.api.control.addMembers(1, leavers);
      expect(await poll(state, { clusterId: 1 })).toBeNull();
      expect(state.absentOnce).toEqual([]);
      expect(state.members).toEqual(mock.api.control.members(1));
    });

    it('an emptied cluster is held whatever the threshold, and only a confirmation releases it', async () => {
      const state: IDataObject = {};
      await poll(state);
      const everyone = mock.api.control.members(2);
      mock.api.control.removeMembers(2, everyone);
      expect(await poll(state, { maxLeavePercent: 100 })).toBeNull();
      const failure = await poll(state, { maxLeavePercent: 100 }).catch((error: unknown) => error);
      expect((failure as NodeOperationError).message).toBe(
        `Held 12 "customer left" events: cluster 2 is now empty (it had 12 members)`,
      );
      expect((failure as NodeOperationError).description).not.toContain('Max Leave Percentage');
      const released = await poll(state, { confirmHeldLeaves: 12 });
      expect(eventsOf(released)).toEqual(everyone.map((id) => `left:${id}`));
    });

    it('holds nothing when only joins are emitted: a mass leave neither fails the poll nor waits', async () => {
      const state: IDataObject = {};
      await poll(state, { clusterId: 1, events: ['joined'] });
      const leavers = mock.api.control.members(1).slice(0, 40);
      mock.api.control.removeMembers(1, leavers);
      mock.api.control.addMembers(1, [newcomer]);
      expect(eventsOf(await poll(state, { clusterId: 1, events: ['joined'] }))).toEqual([
        `joined:${newcomer}`,
      ]);
      expect(await poll(state, { clusterId: 1, events: ['joined'] })).toBeNull();
      expect(state.members).toEqual(mock.api.control.members(1));
    });

    it('rejects a threshold outside 0–100 before any request', async () => {
      const state: IDataObject = {};
      await expect(poll(state, { maxLeavePercent: 150 })).rejects.toThrow(
        'Max Leave Percentage must be between 0 and 100',
      );
      expect(mock.api.requests).toEqual([]);
      expect(state).toEqual({});
    });
  });
});
