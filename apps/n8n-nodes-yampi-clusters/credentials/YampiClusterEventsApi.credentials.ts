import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The signing secret `dooki-watch` uses for its Standard Webhooks deliveries
 * (`DOOKI_WATCH_WEBHOOK_SECRET`, or a fleet file's `secretEnv`). The Yampi Cluster Events Trigger
 * verifies every request with it; it is never sent anywhere, so there is no request to test:
 * the node's `checkWebhookSecret` checks its format instead.
 */
export class YampiClusterEventsApi implements ICredentialType {
  name = 'yampiClusterEventsApi';

  displayName = 'Yampi Cluster Events API';

  icon: Icon = { light: 'file:../icons/yampi.svg', dark: 'file:../icons/yampi.dark.svg' };

  documentationUrl =
    'https://github.com/clusterstream/clusterstream/tree/main/apps/n8n-nodes-yampi-clusters#yampi-cluster-events-trigger';

  properties: INodeProperties[] = [
    {
      displayName: 'Webhook Secret',
      name: 'webhookSecret',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
      description:
        'The same secret dooki-watch signs with (DOOKI_WATCH_WEBHOOK_SECRET): "whsec_" followed by base64',
    },
  ];
}
