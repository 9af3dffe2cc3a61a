import {
  NodeConnectionTypes,
  NodeOperationError,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
  type IPollFunctions,
} from 'n8n-workflow';
import { firstValueFrom } from 'rxjs';
import { clusterLocator, parseClusterId } from '../Yampi/actions/common';
import { searchClusters } from '../Yampi/methods/list-search';
import { createYampiClient } from '../Yampi/transport/client';
import { toNodeApiError } from '../Yampi/transport/errors';
import { heldLeavesError, readBreakerSettings } from './breaker';
import {
  baselineState,
  DEFAULT_MAX_LEAVE_PERCENT,
  hasBaseline,
  reconcile,
  saveState,
  type MembershipState,
} from './membership';
import { joinedItem, leftItem, sampleItem, type MembershipEvent } from './output';
import { scanMembers } from './scan';

/**
 * Polls a cluster's member list and emits the customers who joined or left since the last
 * poll. Every poll reads the whole cluster, so it suits clusters up to about 20,000 customers;
 * see the README for when to run `dooki-watch` instead.
 */
export class YampiClusterTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Yampi Polling Trigger',
    name: 'yampiClusterTrigger',
    icon: { light: 'file:../../icons/yampi.svg', dark: 'file:../../icons/yampi.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["events"].join(", ")}}',
    description: 'Starts the workflow when customers join or leave a Yampi customer cluster',
    defaults: { name: 'Yampi Polling Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'yampiApi', required: true }],
    // As in n8n's own triggers: the resource first, then the events, then what only some
    // events use (the breaker only ever holds leaves, so it shows only with "Customer Left").
    properties: [
      clusterLocator(),
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        required: true,
        default: ['joined', 'left'],
        options: [
          {
            name: 'Customer Joined',
            value: 'joined',
            description: 'A customer appeared in the cluster',
          },
          {
            name: 'Customer Left',
            value: 'left',
            description: 'A customer was missing from two complete scans in a row',
          },
        ],
      },
      {
        displayName: 'Max Leave Percentage',
        name: 'maxLeavePercent',
        type: 'number',
        default: DEFAULT_MAX_LEAVE_PERCENT,
        typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
        displayOptions: { show: { events: ['left'] } },
        description:
          'Mass-change breaker: when more than this share of the cluster is missing from a poll, its leaves are held and the poll fails with a message instead of emitting them. An emptied cluster is always held.',
      },
      {
        displayName: 'Confirm Held Leaves',
        name: 'confirmHeldLeaves',
        type: 'number',
        default: 0,
        typeOptions: { minValue: 0 },
        displayOptions: { show: { events: ['left'] } },
        description:
          'Only after the breaker held leaves: enter the number of held leaves from the error message and the next poll emits exactly those. A hold of any other size is not released, so a later mass change is held again.',
      },
      {
        displayName:
          'Every poll reads the whole cluster (100 customers per request, paced to Yampi’s rate limit), so a poll of more than about 20,000 customers takes minutes. For clusters that large, use the <b>Yampi Cluster Events Trigger</b>: it reads nothing itself and starts the workflow from the events dooki-watch sends.',
        name: 'sizeNotice',
        type: 'notice',
        default: '',
      },
    ],
  };

  methods = { listSearch: { searchClusters } };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    const clusterId = parseClusterId(
      this.getNode(),
      this.getNodeParameter('clusterId', '', { extractValue: true }),
    );
    const events = new Set(this.getNodeParameter('events', []) as MembershipEvent[]);
    const breaker = {
      ...readBreakerSettings(this.getNode(), (name, fallback) =>
        this.getNodeParameter(name, fallback),
      ),
      holdMassLeaves: events.has('left'),
    };
    const yampi = await createYampiClient(this);

    try {
      if (this.getMode() === 'manual') {
        // "Fetch Test Event": one real customer as a sample; the stored state is not touched.
        // One request of one customer; taking the first value ends the scan.
        const sample = await firstValueFrom(
          yampi.client.clusterCustomers(clusterId, { maxItems: 1, pageSize: 1 }),
          { defaultValue: undefined },
        );
        return sample ? [[sampleItem(events, clusterId, sample)]] : null;
      }

      const state = this.getWorkflowStaticData('node') as MembershipState;
      const scan = await scanMembers(yampi.client, clusterId, {
        keepCustomersOutside: hasBaseline(state, clusterId) ? new Set(state.members) : undefined,
        budgetMs: pollBudgetMs(this),
      });
      if (scan.failure !== undefined) {
        throw toNodeApiError(this.getNode(), scan.failure, { ...yampi, clusterId });
      }
      // A partial or inconsistent scan proves nothing about absences: keep the state.
      if (!scan.complete) return null;
      if (!hasBaseline(state, clusterId)) {
        saveState(state, baselineState(clusterId, scan.ids));
        return null;
      }
      const { diff, next } = reconcile(state, clusterId, scan.ids, breaker);
      // Held leaves fail the poll before the state changes: the same scan holds them again
      // until the user confirms them or raises the threshold.
      if (diff.held.length > 0) {
        throw heldLeavesError(this.getNode(), clusterId, diff, state.members.length, breaker);
      }
      saveState(state, next);
      const detectedAt = new Date().toISOString();
      const items = [
        ...(events.has('joined')
          ? Array.from(diff.joins, (id) =>
              joinedItem(clusterId, id, scan.customers.get(id), detectedAt),
            )
          : []),
        ...(events.has('left')
          ? Array.from(diff.leaves, (id) => leftItem(clusterId, id, detectedAt))
          : []),
      ];
      return items.length > 0 ? [items] : null;
    } catch (error) {
      // The breaker's NodeOperationError already says what was held and how to release it.
      throw error instanceof NodeOperationError
        ? error
        : toNodeApiError(this.getNode(), error, { ...yampi, clusterId });
    }
  }
}

// n8n ≥ 2.38 gives each poll a time budget; older hosts don't have the function.
function pollBudgetMs(context: IPollFunctions): number | undefined {
  const { getPollBudgetMs } = context as IPollFunctions & { getPollBudgetMs?: () => number };
  return typeof getPollBudgetMs === 'function' ? getPollBudgetMs.call(context) : undefined;
}
