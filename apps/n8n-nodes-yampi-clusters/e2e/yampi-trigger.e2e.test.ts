// The Yampi Cluster Trigger inside a running n8n (`n8n start`): the workflow is imported and
// activated with n8n's CLI, polls the simulator on n8n's own schedule, and its HTTP Request node
// posts every emitted item to a sink this test runs. The node is a black box here: the test
// checks only which joined/left items reach the sink, across polls, a failed poll and a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockApi, type MockApi } from '@clusterstream/dooki-mock';
import {
  blockedConnections,
  createN8nHost,
  n8nRuntime,
  shortestPollCron,
  type N8nHost,
  type RunningN8n,
} from './n8n-host';
import { packedTarball } from './tarball';
import { startSink, waitFor, type Sink } from './sink';
import { clusterTriggerWorkflow, yampiCredential } from './workflows';

const runtime = n8nRuntime();
const CLUSTER = 3;
const WORKFLOW = 'wfClusterTrigger';
const credential = { id: 'yampiTrigCred001', name: 'Yampi (simulator)' };
const POLL_CRON = shortestPollCron(runtime);

let api: MockApi;
let sink: Sink;
let host: N8nHost;
let n8n: RunningN8n | undefined;

type Delivered = { event: string; customerId: number };
const delivered = (): Delivered[] =>
  sink
    .received('events')
    .map(({ event, customerId }) => ({ event: String(event), customerId: Number(customerId) }));
const sorted = (items: Delivered[]) =>
  [...items].sort((a, b) => a.customerId - b.customerId || a.event.localeCompare(b.event));

/** Complete scans of the cluster so far: its single page answered 200. */
const scans = () =>
  api.requests.filter(
    (request) =>
      request.route === 'cluster-customers' &&
      request.status === 200 &&
      request.path.includes(`/clusters/${CLUSTER}/`),
  ).length;

// What happened when, printed after the run (informative only: nothing asserts on time).
const timeline: string[] = [];
const startedAt = Date.now();
function note(what: string): void {
  const at = Math.round((Date.now() - startedAt) / 1000);
  const events = delivered().map(({ event, customerId }) => `${event} ${customerId}`);
  timeline.push(
    `+${at}s ${what} [scans ${scans()}, errors ${sink.received('errors').length}, delivered: ${events.join(', ') || 'none'}]`,
  );
}

async function waitForScans(count: number, label: string): Promise<void> {
  await waitFor(
    label,
    () => scans() >= count,
    () => ({ scans: scans(), delivered: delivered() }),
  );
}

async function waitForDelivered(expected: Delivered[], label: string): Promise<void> {
  const has = (item: Delivered) =>
    delivered().some(
      ({ event, customerId }) => event === item.event && customerId === item.customerId,
    );
  await waitFor(
    label,
    () => expected.every(has),
    () => ({ scans: scans(), delivered: delivered() }),
  );
}

describe.runIf(process.env.N8N_E2E_TRIGGER !== '0')(
  `Yampi Cluster Trigger in a running ${runtime.label}, polling on "${POLL_CRON}"`,
  { timeout: 300_000 },
  () => {
    // Members move in from cluster 4, so each has a real customer record.
    let outsiders: number[];
    let members: number[];

    beforeAll(async () => {
      api = await startMockApi({
        seed: 23,
        clusters: [
          { id: CLUSTER, name: 'Trigger', size: 40 },
          { id: 4, name: 'Outside', size: 20 },
        ],
        rateLimit: { limit: 6_000, windowMs: 60_000 },
      });
      outsiders = api.control.members(4);
      members = api.control.members(CLUSTER);
      sink = await startSink();
      host = await createN8nHost('installed', packedTarball());
      await host.importCredentials([
        yampiCredential(credential.id, credential.name, {
          ...api.credentials,
          alias: api.alias,
          baseUrl: api.url,
        }),
      ]);
      await host.importWorkflows([
        clusterTriggerWorkflow(WORKFLOW, {
          typePrefix: host.typePrefix,
          credential,
          clusterId: CLUSTER,
          cronExpression: POLL_CRON,
          sinkUrl: sink.url,
        }),
      ]);
      await host.activate(WORKFLOW);
    });

    afterAll(async () => {
      if (timeline.length)
        console.log(`Trigger timeline, ${runtime.label}:\n  ${timeline.join('\n  ')}`);
      await n8n?.stop();
      host?.dispose();
      await sink?.close();
      await api?.close();
    });

    it('the activation poll sets the baseline silently: the first change is the first delivery', async () => {
      n8n = await host.start();
      note('n8n started');
      await waitForScans(1, 'the activation poll');
      note('activation poll done');
      const joiner = outsiders[0]!;
      const leaver = members[10]!;
      api.control.addMembers(CLUSTER, [joiner]);
      api.control.removeMembers(CLUSTER, [leaver]);
      note(`${joiner} added, ${leaver} removed`);
      await waitForDelivered([{ event: 'joined', customerId: joiner }], 'the join');
      note('join delivered');
      // Had the baseline emitted its 40 members, they would have come first.
      expect(delivered()).toEqual([{ event: 'joined', customerId: joiner }]);
      expect(sink.received('errors')).toEqual([]);

      const joined = sink.received('events')[0]!;
      expect(joined).toMatchObject({
        event: 'joined',
        clusterId: CLUSTER,
        customerId: joiner,
        customer: expect.objectContaining({
          id: joiner,
          email: api.control.customer(joiner).email,
        }),
      });
      expect(joined.customer).not.toHaveProperty('token');
      expect(joined.customer).not.toHaveProperty('login_url');
    });

    it('a customer who left is delivered once the next scan confirms it', async () => {
      const [joined] = delivered();
      const leaver = members[10]!;
      await waitForDelivered([{ event: 'left', customerId: leaver }], 'the leave');
      note('leave delivered');
      expect(delivered()).toEqual([joined, { event: 'left', customerId: leaver }]);
    });

    it('a failed poll delivers nothing and keeps the state', async () => {
      const before = delivered();
      const joiner = outsiders[1]!;
      api.control.addFault({
        match: { route: 'cluster-customers', clusterId: CLUSTER },
        times: Infinity,
        fault: { kind: 'status', status: 500 },
      });
      api.control.addMembers(CLUSTER, [joiner]);
      note(`API answers 500; ${joiner} added`);
      await waitFor(
        'n8n to report a failed poll',
        () => sink.received('errors').length > 0,
        () => ({ scans: scans(), delivered: delivered() }),
      );
      note('failed poll reported');
      expect(delivered()).toEqual(before);
      expect(JSON.stringify(sink.received('errors')[0])).toContain('500');

      // The next good poll diffs against the state from before the failure: no new baseline.
      api.control.clearFaults();
      note('API healthy again');
      await waitForDelivered(
        [{ event: 'joined', customerId: joiner }],
        'the join after the failure',
      );
      note('join delivered');
      expect(delivered()).toEqual([...before, { event: 'joined', customerId: joiner }]);
    });

    it('after a restart the trigger carries on from its state, without a new baseline', async () => {
      // The final check waits one more poll, so late or repeated deliveries of any step show.
      const before = delivered();
      await n8n!.stop();
      n8n = undefined;
      note('n8n stopped');
      const joiner = outsiders[2]!;
      const leaver = members[20]!;
      api.control.addMembers(CLUSTER, [joiner]);
      api.control.removeMembers(CLUSTER, [leaver]);
      const changes = [
        { event: 'joined', customerId: joiner },
        { event: 'left', customerId: leaver },
      ];
      note(`${joiner} added, ${leaver} removed`);
      n8n = await host.start();
      note('n8n restarted');
      await waitForDelivered(changes, 'the changes made while n8n was down');
      note('join and leave delivered');
      await waitForScans(scans() + 1, 'one more poll');
      note('one more poll done');
      expect(sorted(delivered())).toEqual(sorted([...before, ...changes]));
    });

    it('n8n never tried to reach a host outside this machine', async () => {
      await n8n?.stop();
      n8n = undefined;
      expect(blockedConnections(host)).toEqual([]);
    });
  },
);
