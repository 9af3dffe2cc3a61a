import { describe, expect, it } from 'vitest';
import { YampiApi } from '../credentials/YampiApi.credentials';
import { resolveCredentialExpression, type TestCredentials } from './n8n-context';
import { credentialsFor, useTestApi } from './fixtures';

const credential = new YampiApi();
const mock = useTestApi();

/** Sends the credential's own test request the way n8n's credential test does. */
async function runCredentialTest(credentials: TestCredentials): Promise<number> {
  const { request } = credential.test;
  const headers: Record<string, string> = { ...(request.headers as Record<string, string>) };
  const credentialHeaders = credential.authenticate.properties.headers as Record<string, string>;
  for (const [name, value] of Object.entries(credentialHeaders)) {
    headers[name] = resolveCredentialExpression(value, credentials);
  }
  const baseUrl = resolveCredentialExpression(request.baseURL ?? '', credentials);
  const response = await fetch(`${baseUrl}${request.url}`, { method: request.method, headers });
  await response.body?.cancel();
  return response.status;
}

describe('Yampi API credential', () => {
  it('keeps both secrets in password fields and defaults to the real API', () => {
    const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
    expect(byName.userToken!.typeOptions?.password).toBe(true);
    expect(byName.userSecretKey!.typeOptions?.password).toBe(true);
    expect(byName.baseUrl!.default).toBe('https://api.dooki.com.br/v2');
  });

  it('its test request (POST /auth/me) passes with valid credentials', async () => {
    expect(await runCredentialTest(credentialsFor(mock.api))).toBe(200);
    expect(mock.api.requests).toMatchObject([
      { method: 'POST', route: 'auth-me', credential: 'valid', status: 200 },
    ]);
  });

  it('its test request fails with a wrong secret', async () => {
    expect(await runCredentialTest(credentialsFor(mock.api, { userSecretKey: 'nope' }))).toBe(401);
    expect(mock.api.requests[0]!.credential).toBe('invalid');
  });
});
