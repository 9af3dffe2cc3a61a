import { afterEach, beforeEach } from 'vitest';
import { startMockApi, type MockApi } from '@clusterstream/dooki-mock';
import type { MockApiOptions } from '@clusterstream/dooki-mock';
import { createContext, type ContextOptions, type TestCredentials } from './n8n-context';

/** The simulator with two small clusters and a quota high enough not to slow tests down. */
export async function startTestApi(options: MockApiOptions = {}): Promise<MockApi> {
  return startMockApi({
    seed: 6,
    clusters: [
      { id: 1, name: 'VIP', size: 250 },
      { id: 2, name: 'Atacado', size: 12 },
      { id: 3, name: 'Empty', size: 0 },
    ],
    rateLimit: { limit: 10_000, windowMs: 60_000 },
    ...options,
  });
}

/**
 * Starts a fresh simulator before each test of the file and closes it after.
 *
 * @example
 * const mock = useTestApi();
 * it('...', () => mock.api.control.members(1));
 */
export function useTestApi(options: MockApiOptions = {}): { readonly api: MockApi } {
  let current: MockApi | undefined;
  beforeEach(async () => {
    current = await startTestApi(options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get api(): MockApi {
      if (!current) throw new Error('the simulator runs only inside a test');
      return current;
    },
  };
}

export function credentialsFor(
  api: MockApi,
  overrides: Partial<TestCredentials> = {},
): TestCredentials {
  return {
    alias: api.alias,
    baseUrl: api.url,
    userToken: api.credentials.userToken,
    userSecretKey: api.credentials.userSecretKey,
    ...overrides,
  };
}

export function contextFor(
  api: MockApi,
  options: Omit<ContextOptions, 'credentials'> & { credentials?: Partial<TestCredentials> },
) {
  return createContext({ ...options, credentials: credentialsFor(api, options.credentials) });
}

/** The resource-locator value n8n stores for a cluster picked from the list. */
export const fromList = (id: number) => ({ __rl: true, mode: 'list', value: String(id) });
export const byId = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });

/** Requests the mock saw on the cluster-customers route. */
export const customerPageRequests = (api: MockApi) =>
  api.requests.filter((request) => request.route === 'cluster-customers');
