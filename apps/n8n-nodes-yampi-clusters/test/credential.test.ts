import { describe, expect, it } from 'vitest';
import { YampiApi } from '../credentials/YampiApi.credentials';
import { resolveCredentialExpression, type TestCredentials } from './n8n-context';
import { credentialsFor, useTestApi } from './fixtures';

const credential = new YampiApi();
const mock = useTestApi();

/**
 * Sends the credential's own test request the way n8n's credential test does, and answers as
 * n8n does: OK on a 2xx, the matching rule's message (or the status) otherwise.
 */
async function runCredentialTest(credentials: TestCredentials): Promise<string> {
  const { request, rules = [] } = credential.test;
  const headers: Record<string, string> = { ...(request.headers as Record<string, string>) };
  const credentialHeaders = credential.authenticate.properties.headers as Record<string, string>;
  for (const [name, value] of Object.entries(credentialHeaders)) {
    headers[name] = resolveCredentialExpression(value, credentials);
  }
  const baseUrl = resolveCredentialExpression(request.baseURL ?? '', credentials);
  const path = resolveCredentialExpression(request.url ?? '', credentials);
  const query = new URLSearchParams(request.qs as Record<string, string>);
  const response = await fetch(`${baseUrl}${path}?${query.toString()}`, {
    method: request.method,
    headers,
  });
  await response.body?.cancel();
  if (response.ok) return 'OK';
  const rule = rules.find(
    (candidate) =>
      candidate.type === 'responseCode' && candidate.properties.value === response.status,
  );
  return rule?.type === 'responseCode' ? rule.properties.message : `HTTP ${response.status}`;
}

describe('Yampi API credential', () => {
  it('keeps both secrets in password fields and defaults to the real API', () => {
    const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
    expect(byName.userToken!.typeOptions?.password).toBe(true);
    expect(byName.userSecretKey!.typeOptions?.password).toBe(true);
    expect(byName.baseUrl!.default).toBe('https://api.dooki.com.br/v2');
  });

  it('its test request reads the store named by the alias, and passes when all is right', async () => {
    expect(await runCredentialTest(credentialsFor(mock.api))).toBe('OK');
    expect(mock.api.requests).toMatchObject([
      {
        method: 'GET',
        path: `/v2/${mock.api.alias}/customers/clusters`,
        query: { limit: '1' },
        credential: 'valid',
        status: 200,
      },
    ]);
  });

  it('its test request fails with a wrong secret', async () => {
    expect(await runCredentialTest(credentialsFor(mock.api, { userSecretKey: 'nope' }))).toMatch(
      /401/,
    );
    expect(mock.api.requests[0]!.credential).toBe('invalid');
  });

  it('its test request fails with a wrong store alias, and says to check it', async () => {
    const message = await runCredentialTest(credentialsFor(mock.api, { alias: 'typo-store' }));
    expect(message).toMatch(/Store Alias/);
    expect(mock.api.requests[0]).toMatchObject({ alias: 'typo-store', credential: 'valid' });
  });
});
