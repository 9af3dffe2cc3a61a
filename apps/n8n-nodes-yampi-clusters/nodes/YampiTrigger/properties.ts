import type { INodeProperties } from 'n8n-workflow';

/** The Yampi Cluster Events Trigger's parameters: which events to emit, and how to verify. */
export const eventsTriggerProperties: INodeProperties[] = [
  {
    displayName:
      "Point dooki-watch at this node's Production URL: <code>dooki-watch --webhook &lt;URL&gt;</code> with <code>DOOKI_WATCH_WEBHOOK_SECRET</code> set to the credential's secret",
    name: 'notice',
    type: 'notice',
    default: '',
  },
  {
    displayName: 'Events',
    name: 'events',
    type: 'multiOptions',
    required: true,
    default: ['customer.joined', 'customer.left'],
    options: [
      {
        name: 'Customer Joined',
        value: 'customer.joined',
        description: 'A customer appeared in a watched cluster',
      },
      {
        name: 'Customer Left',
        value: 'customer.left',
        description: 'A customer was confirmed gone from a watched cluster',
      },
      {
        name: 'Customer Updated',
        value: 'customer.updated',
        description: 'A tracked field of a member changed (dooki-watch --track-updates)',
      },
    ],
    description:
      'Events of other types are acknowledged (2xx) and start nothing, so dooki-watch does not retry them',
  },
  {
    displayName: 'Cluster IDs',
    name: 'clusterIds',
    type: 'string',
    default: '',
    placeholder: '7, 8',
    description:
      'Comma-separated cluster IDs to emit; empty emits every cluster. Others are acknowledged and dropped.',
  },
  {
    displayName: 'Store Alias',
    name: 'storeAlias',
    type: 'string',
    default: '',
    placeholder: 'my-store',
    description:
      'Emit only events of this store (useful with dooki-watch fleet); empty emits every store',
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    options: [
      {
        displayName: 'Redelivery Window (Hours)',
        name: 'dedupeWindowHours',
        type: 'number',
        typeOptions: { minValue: 1, maxValue: 720 },
        default: 24,
        description:
          'An event ID seen within this window starts no second execution (answered 2xx). Cover the longest dooki-watch replay you run.',
      },
      {
        displayName: 'Timestamp Tolerance (Seconds)',
        name: 'toleranceSeconds',
        type: 'number',
        typeOptions: { minValue: 1, maxValue: 3600 },
        default: 300,
        description:
          "Requests signed further than this from n8n's clock are refused (401): a captured request cannot be replayed later",
      },
    ],
  },
];
