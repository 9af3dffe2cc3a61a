// Credential and workflow JSON in the shape `n8n import:credentials` / `import:workflow` take.

export interface YampiCredentialData {
  userToken: string;
  userSecretKey: string;
  alias: string;
  baseUrl: string;
}

/** A `yampiApi` credential; n8n encrypts the plain `data` on import. */
export function yampiCredential(id: string, name: string, data: YampiCredentialData) {
  return { id, name, type: 'yampiApi', data };
}

/** A workflow as `n8n import:workflow` takes it, inactive, with n8n's current execution order. */
export function workflowOf(id: string, nodes: object[], connections: object = {}) {
  return { id, name: id, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

/** Manual Trigger → one node: the only start node shape `n8n execute` accepts. */
export function singleNodeWorkflow(
  id: string,
  node: {
    name: string;
    type: string;
    typeVersion: number;
    parameters: Record<string, unknown>;
    credentials?: Record<string, { id: string; name: string }>;
  },
) {
  return workflowOf(
    id,
    [
      {
        id: `${id}-start`,
        name: 'Start',
        type: 'n8n-nodes-base.manualTrigger',
        typeVersion: 1,
        position: [0, 0],
        parameters: {},
      },
      { id: `${id}-node`, position: [220, 0], ...node },
    ],
    { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
  );
}

/** The Yampi node reading a cluster's customers. */
export function yampiNode(
  typePrefix: string,
  credential: { id: string; name: string },
  parameters: Record<string, unknown>,
) {
  return {
    name: 'Yampi',
    type: `${typePrefix}.yampi`,
    typeVersion: 1,
    parameters,
    credentials: { yampiApi: credential },
  };
}

export const clusterById = (id: number) => ({ __rl: true, mode: 'id', value: String(id) });

/**
 * An HTTP Request node posting each input item, as JSON, to `url` (one request per item);
 * `jsonBody` replaces the item with another expression.
 */
function postEachItem(
  name: string,
  url: string,
  position: [number, number],
  jsonBody = '={{ JSON.stringify($json) }}',
) {
  return {
    id: `post-${name.replace(/\W/g, '-')}`,
    name,
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    position,
    parameters: {
      method: 'POST',
      url,
      sendBody: true,
      specifyBody: 'json',
      jsonBody,
      options: {},
    },
  };
}

/** The polling trigger (`yampiClusterTrigger`) node, id `<workflow id>-trigger`. */
export function clusterTriggerNode(
  workflowId: string,
  options: {
    typePrefix: string;
    credential: { id: string; name: string };
    parameters: Record<string, unknown>;
  },
) {
  return {
    id: `${workflowId}-trigger`,
    name: 'Yampi Cluster Trigger',
    type: `${options.typePrefix}.yampiClusterTrigger`,
    typeVersion: 1,
    position: [0, 0],
    parameters: options.parameters,
    credentials: { yampiApi: options.credential },
  };
}

/**
 * Yampi Cluster Trigger → HTTP Request posting every emitted item to `${sinkUrl}/events`. The
 * same workflow holds an Error Trigger → HTTP Request to `${sinkUrl}/errors`: n8n runs it when
 * a poll fails, which is how the test sees a failed poll. `cronExpression` is n8n's custom poll
 * time (six fields, seconds first).
 */
export function clusterTriggerWorkflow(
  id: string,
  options: {
    typePrefix: string;
    credential: { id: string; name: string };
    clusterId: number;
    cronExpression: string;
    sinkUrl: string;
  },
) {
  return workflowOf(
    id,
    [
      clusterTriggerNode(id, {
        ...options,
        parameters: {
          events: ['joined', 'left'],
          clusterId: clusterById(options.clusterId),
          pollTimes: { item: [{ mode: 'custom', cronExpression: options.cronExpression }] },
        },
      }),
      postEachItem('Deliver', `${options.sinkUrl}/events`, [220, 0]),
      {
        id: `${id}-on-error`,
        name: 'On Error',
        type: 'n8n-nodes-base.errorTrigger',
        typeVersion: 1,
        position: [0, 220],
        parameters: {},
      },
      postEachItem('Report Error', `${options.sinkUrl}/errors`, [220, 220]),
    ],
    {
      'Yampi Cluster Trigger': { main: [[{ node: 'Deliver', type: 'main', index: 0 }]] },
      'On Error': { main: [[{ node: 'Report Error', type: 'main', index: 0 }]] },
    },
  );
}

/** A `yampiClusterEventsApi` credential (the dooki-watch webhook secret). */
export function clusterEventsCredential(id: string, name: string, webhookSecret: string) {
  return { id, name, type: 'yampiClusterEventsApi', data: { webhookSecret } };
}

/**
 * Yampi Cluster Events Trigger → HTTP Request posting `{ event, executionId, postedAt }` to
 * `${sinkUrl}/events` for every item: the execution id shows how many executions there were and
 * how many items each had; `postedAt` (ms) is when the execution reached its second node.
 * `webhookId` makes the production URL `/webhook/<webhookId>/webhook`.
 */
export function eventsTriggerWorkflow(
  id: string,
  options: {
    typePrefix: string;
    credential: { id: string; name: string };
    webhookId: string;
    parameters: Record<string, unknown>;
    sinkUrl: string;
  },
) {
  const body =
    '={{ JSON.stringify({ event: $json, executionId: $execution.id, postedAt: $now.toMillis() }) }}';
  return workflowOf(
    id,
    [
      {
        id: `${id}-trigger`,
        name: 'Yampi Cluster Events Trigger',
        type: `${options.typePrefix}.yampiTrigger`,
        typeVersion: 1,
        position: [0, 0],
        webhookId: options.webhookId,
        parameters: options.parameters,
        credentials: { yampiClusterEventsApi: options.credential },
      },
      postEachItem('Deliver', `${options.sinkUrl}/events`, [220, 0], body),
    ],
    { 'Yampi Cluster Events Trigger': { main: [[{ node: 'Deliver', type: 'main', index: 0 }]] } },
  );
}
