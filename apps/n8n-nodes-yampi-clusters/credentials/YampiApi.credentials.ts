import type {
  IAuthenticateGeneric,
  Icon,
  ICredentialTestRequest,
  ICredentialType,
  INodeProperties,
} from 'n8n-workflow';

/**
 * Yampi (Dooki API v2) credential: the user's API token pair, sent as the `User-Token` and
 * `User-Secret-Key` headers on every request made through `httpRequestWithAuthentication`.
 *
 * @example
 * // In a node: this.helpers.httpRequestWithAuthentication.call(this, 'yampiApi', { url, method: 'GET' })
 */
export class YampiApi implements ICredentialType {
  name = 'yampiApi';

  displayName = 'Yampi API';

  icon: Icon = { light: 'file:../icons/yampi.svg', dark: 'file:../icons/yampi.dark.svg' };

  documentationUrl = 'https://docs.yampi.com.br/api-reference/auth/auth-user-token';

  properties: INodeProperties[] = [
    {
      displayName: 'User Token',
      name: 'userToken',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
      description: 'Found in the Yampi admin under Perfil › Credenciais de API',
    },
    {
      displayName: 'User Secret Key',
      name: 'userSecretKey',
      type: 'string',
      typeOptions: { password: true },
      required: true,
      default: '',
      description:
        'Found next to the User Token. Both change when the user changes their password.',
    },
    {
      displayName: 'Store Alias',
      name: 'alias',
      type: 'string',
      required: true,
      default: '',
      placeholder: 'my-store',
      description:
        'The store (merchant) alias used in API paths, e.g. the "my-store" in https://api.dooki.com.br/v2/my-store',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://api.dooki.com.br/v2',
      description: 'Change only to reach a sandbox or a simulator',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: {
        'User-Token': '={{$credentials.userToken}}',
        'User-Secret-Key': '={{$credentials.userSecretKey}}',
      },
    },
  };

  // A route under the store alias, so the test proves all three fields at once: the token
  // pair (401 otherwise) and the alias (a store this user cannot reach answers 403 or 404).
  // `/auth/me` would pass with any alias, leaving a typo to surface later in the cluster list.
  // One cluster is the cheapest answer that route gives.
  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl}}',
      url: '=/{{$credentials.alias}}/customers/clusters',
      method: 'GET',
      qs: { limit: 1 },
      headers: { Accept: 'application/json' },
    },
    rules: [
      {
        type: 'responseCode',
        properties: {
          value: 401,
          message: 'Yampi rejected the User Token / User Secret Key (401)',
        },
      },
      {
        type: 'responseCode',
        properties: {
          value: 403,
          message: 'This user cannot reach the store, or the store is inactive (403)',
        },
      },
      {
        type: 'responseCode',
        properties: {
          value: 404,
          message: 'No store with this Store Alias for this user (404): check the Store Alias',
        },
      },
    ],
  };
}
