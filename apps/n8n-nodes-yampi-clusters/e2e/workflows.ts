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
  return {
    id,
    name: id,
    active: false,
    settings: { executionOrder: 'v1' },
    nodes: [
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
    connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
  };
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
