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

  // POST /auth/me proves both headers at once (it answers GET with 405).
  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl}}',
      url: '/auth/me',
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    },
  };
}
