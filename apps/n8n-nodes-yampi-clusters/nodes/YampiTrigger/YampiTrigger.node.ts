import {
  NodeConnectionTypes,
  NodeOperationError,
  type ICredentialsDecrypted,
  type ICredentialTestFunctions,
  type IDataObject,
  type IHookFunctions,
  type INodeCredentialTestResult,
  type INodeType,
  type INodeTypeDescription,
  type IWebhookFunctions,
  type IWebhookResponseData,
} from 'n8n-workflow';
import { decodeWebhookSecret } from '@clusterstream/core/webhooks';
import { asClusterEvent, matchesFilter, parseClusterIds, type EventFilter } from './cluster-event';
import { isRedelivery } from './redeliveries';
import { verifyRequest } from './verify-request';
import { eventsTriggerProperties } from './properties';

const CREDENTIAL = 'yampiClusterEventsApi';

/**
 * Receives the signed events `dooki-watch` (and `dooki-watch fleet`) delivers and starts the
 * workflow once per event: verified (Standard Webhooks, over the raw body), filtered, and
 * deduplicated on `webhook-id`. Named `yampiTrigger` so n8n lists it under the Yampi app, next
 * to the Yampi node (n8n groups "X" with "X Trigger" by type name).
 */
export class YampiTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Yampi Cluster Events Trigger',
    name: 'yampiTrigger',
    icon: { light: 'file:../../icons/yampi.svg', dark: 'file:../../icons/yampi.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["events"].join(", ")}}',
    description:
      'Starts the workflow on each verified customer joined / left / updated event from dooki-watch',
    defaults: { name: 'Yampi Cluster Events Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    // The name is spelled out: n8n's lint reads it from here to see that the credential is tested.
    credentials: [
      { name: 'yampiClusterEventsApi', required: true, testedBy: 'checkWebhookSecret' },
    ],
    webhooks: [
      { name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
    ],
    properties: eventsTriggerProperties,
  };

  methods = {
    credentialTest: {
      // Nothing to call: the secret is only ever used to check signatures. Its format is what
      // can be wrong, so that is what the test reports (never the secret itself).
      checkWebhookSecret(
        this: ICredentialTestFunctions,
        credential: ICredentialsDecrypted,
      ): Promise<INodeCredentialTestResult> {
        const problem = secretProblem(credential.data?.webhookSecret);
        return Promise.resolve(
          problem === null
            ? { status: 'OK', message: 'The secret has the whsec_ format dooki-watch uses' }
            : { status: 'Error', message: problem },
        );
      },
    },
  };

  // Nothing is registered anywhere: dooki-watch is pointed at the production URL by its own
  // configuration. Activation still checks the secret and the filters, so a typo fails there
  // instead of rejecting or filtering every delivery.
  webhookMethods = {
    default: {
      checkExists(this: IHookFunctions): Promise<boolean> {
        return Promise.resolve(false);
      },
      async create(this: IHookFunctions): Promise<boolean> {
        const credentials = await this.getCredentials(CREDENTIAL);
        const problem = secretProblem(credentials.webhookSecret);
        if (problem !== null) throw new NodeOperationError(this.getNode(), problem);
        try {
          parseClusterIds(this.getNodeParameter('clusterIds', '') as string);
        } catch (error) {
          throw new NodeOperationError(this.getNode(), (error as Error).message);
        }
        return true;
      },
      delete(this: IHookFunctions): Promise<boolean> {
        // The redelivery window stays in the static data: re-activating must not let a
        // replay of already-handled events through.
        return Promise.resolve(true);
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    // n8n keeps the exact bytes received as `rawBody` (its body parser reads them first): the
    // signature covers those bytes, not n8n's parsed `body`.
    const { rawBody } = this.getRequestObject() as unknown as { rawBody?: Buffer };
    const credentials = await this.getCredentials(CREDENTIAL);
    const tolerance = this.getNodeParameter('options.toleranceSeconds', 300) as number;
    const verdict = verifyRequest(
      typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '',
      this.getHeaderData(),
      rawBody,
      { toleranceSeconds: tolerance, nowMs: Date.now() },
    );
    if (!verdict.verified) return reject(this, verdict.status, verdict.message);
    const event = asClusterEvent(verdict.body);
    if (event === null) return reject(this, 400, 'the body is not a dooki-watch cluster event');
    if (!matchesFilter(event, readFilter(this))) return acknowledge('filtered');
    if (this.getMode() !== 'manual') {
      const windowHours = this.getNodeParameter('options.dedupeWindowHours', 24) as number;
      const staticData = this.getWorkflowStaticData('node');
      const key = `${this.getWorkflow().id}/${this.getNode().name}`;
      if (isRedelivery(staticData, key, verdict.webhookId, Date.now(), windowHours * 3600)) {
        return acknowledge('duplicate');
      }
    }
    // One item per event, its fields exactly as dooki-watch documents them (already JSON).
    return { workflowData: [this.helpers.returnJsonArray([verdict.body as IDataObject])] };
  }
}

function readFilter(context: IWebhookFunctions): EventFilter {
  return {
    types: context.getNodeParameter('events', []) as EventFilter['types'],
    clusterIds: parseClusterIds(context.getNodeParameter('clusterIds', '') as string),
    alias: (context.getNodeParameter('storeAlias', '') as string).trim(),
  };
}

/** 2xx without an execution: the sender must not retry what was deliberately not emitted. */
function acknowledge(outcome: 'filtered' | 'duplicate'): IWebhookResponseData {
  return { webhookResponse: { received: true, emitted: false, outcome } };
}

/** 4xx/5xx written directly (n8n's default answer would be 200), and no execution. */
function reject(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
  const response = context.getResponseObject() as unknown as NodeResponse;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: message }));
  return { noWebhookResponse: true };
}

/** The part of n8n's (express) response used here: Node's own `ServerResponse` methods. */
interface NodeResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

/** Why the configured secret cannot verify anything, or null when it can. Never echoes it. */
function secretProblem(secret: unknown): string | null {
  try {
    decodeWebhookSecret(typeof secret === 'string' ? secret : '');
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
