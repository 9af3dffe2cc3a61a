import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Yampi } from '../nodes/Yampi/Yampi.node';
import { byId, contextFor, customerPageRequests, fromList, useTestApi } from './fixtures';

const node = new Yampi();
/** The columns of a Meta customer file, in order (dooki-csv --preset meta-audience). */
const META_COLUMNS = ['email', 'phone', 'fn', 'ln', 'ct', 'st', 'country', 'doby'];
const mock = useTestApi();

const customersOf = (parameters: Record<string, unknown>, extra: object = {}) => {
  const context = contextFor(mock.api, {
    parameters: { resource: 'clusterCustomer', operation: 'getAll', options: {}, ...parameters },
    ...extra,
  });
  return { context, run: () => node.execute.call(context.execute) };
};

describe('Cluster Customer › Get Many', () => {
  it('returns every member with Return All, one item each, paired to the input item', async () => {
    const { run } = customersOf({ clusterId: fromList(1), returnAll: true });
    const [items] = await run();
    expect(items!.map((item) => item.json.id)).toEqual(mock.api.control.members(1));
    expect(items!.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
    // 250 members at 100 per page.
    expect(customerPageRequests(mock.api).map((request) => request.query.limit)).toEqual([
      '100',
      '100',
      '100',
    ]);
  });

  it('stops fetching once Limit is reached (Limit is core maxItems)', async () => {
    const { run } = customersOf({ clusterId: byId(1), returnAll: false, limit: 30 });
    const [items] = await run();
    expect(items!.map((item) => item.json.id)).toEqual(mock.api.control.members(1).slice(0, 30));
    expect(customerPageRequests(mock.api)).toHaveLength(1);
    expect(customerPageRequests(mock.api)[0]!.query.limit).toBe('30');
  });

  it('uses the Page Size option and pages until the limit', async () => {
    const { run } = customersOf({
      clusterId: fromList(1),
      returnAll: false,
      limit: 60,
      options: { pageSize: 25 },
    });
    const [items] = await run();
    expect(items).toHaveLength(60);
    expect(customerPageRequests(mock.api).map((request) => request.query.page)).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(customerPageRequests(mock.api).every((request) => request.query.limit === '25')).toBe(
      true,
    );
  });

  it('removes token and login_url unless Include Secret Fields is on', async () => {
    const [plain] = await customersOf({ clusterId: fromList(2), returnAll: true }).run();
    const served = mock.api.control.customer(plain![0]!.json.id as number);
    expect(served.token).toEqual(expect.any(String));
    expect(plain!.every((item) => !('token' in item.json) && !('login_url' in item.json))).toBe(
      true,
    );
    expect(plain![0]!.json.email).toBe(served.email);

    const [withSecrets] = await customersOf({
      clusterId: fromList(2),
      returnAll: true,
      options: { includeSecretFields: true },
    }).run();
    expect(withSecrets![0]!.json.token).toBe(served.token);
    expect(withSecrets![0]!.json.login_url).toBe(served.login_url);
  });

  it('Simplify returns a flat subset of fields', async () => {
    const [items] = await customersOf({
      clusterId: fromList(2),
      returnAll: true,
      options: { simplify: true },
    }).run();
    const first = items![0]!.json;
    const served = mock.api.control.customer(first.id as number);
    expect(Object.keys(first).sort()).toEqual(
      [
        'active',
        'cluster_id',
        'created_at',
        'email',
        'first_name',
        'id',
        'last_name',
        'name',
        'newsletter',
        'phone',
        'type',
        'updated_at',
        'whatsapp',
      ].sort(),
    );
    expect(first.phone).toBe(served.phone.full_number);
    expect(first.cluster_id).toBe(2);
  });

  it('runs once per input item and pairs each output with its input', async () => {
    const { run } = customersOf(
      {},
      {
        inputItems: [{ json: {} }, { json: {} }],
        parameters: (itemIndex: number) => ({
          resource: 'clusterCustomer',
          operation: 'getAll',
          options: {},
          clusterId: fromList(itemIndex === 0 ? 2 : 1),
          returnAll: false,
          limit: 5,
        }),
      },
    );
    const [items] = await run();
    expect(items!.map((item) => item.pairedItem)).toEqual([
      ...Array.from({ length: 5 }, () => ({ item: 0 })),
      ...Array.from({ length: 5 }, () => ({ item: 1 })),
    ]);
    expect(items!.slice(5).map((item) => item.json.cluster_id)).toEqual([1, 1, 1, 1, 1]);
  });

  it('returns no items for an empty cluster', async () => {
    const [items] = await customersOf({ clusterId: fromList(3), returnAll: true }).run();
    expect(items).toEqual([]);
  });

  it('sends every request through httpRequestWithAuthentication, which adds the credential', async () => {
    const { context, run } = customersOf({ clusterId: fromList(1), returnAll: true });
    await run();
    expect(context.calls).toHaveLength(mock.api.requests.length);
    // The node never sets the token pair itself; n8n's authenticate step does.
    expect(context.calls.every((call) => !('User-Token' in call.headers))).toBe(true);
    expect(mock.api.requests.every((request) => request.credential === 'valid')).toBe(true);
    expect(mock.api.requests.every((request) => request.query.skipCache === 'true')).toBe(true);
  });
});

describe('Cluster Customer › Get Many › Prepare for Ad Audience', () => {
  // Recomputed with node:crypto, independently of core's audience module.
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

  it('Meta: one item per customer with the customer-file fields, hashed, and nothing else', async () => {
    const [items] = await customersOf({
      clusterId: fromList(2),
      returnAll: true,
      options: { adAudience: 'meta' },
    }).run();
    expect(items!.map((item) => item.pairedItem)).toEqual(items!.map(() => ({ item: 0 })));
    expect(items).toHaveLength(mock.api.control.members(2).length);
    items!.forEach((item, index) => {
      const served = mock.api.control.customer(mock.api.control.members(2)[index]!);
      expect(Object.keys(item.json)).toEqual(META_COLUMNS);
      expect(item.json.email).toBe(sha256(served.email.toLowerCase()));
      expect(item.json.phone).toBe(sha256(`55${served.phone.full_number}`));
      expect(item.json.country).toBe(sha256('br'));
      const text = JSON.stringify(item.json);
      expect(text).not.toContain(served.email);
      expect(text).not.toContain(served.phone.full_number);
    });
  });

  it('Google: Gmail dots and +tags removed, E.164 phone and names hashed, Country in clear; unhashed when Hash Audience Identifiers is off', async () => {
    const [hashed] = await customersOf({
      clusterId: fromList(2),
      returnAll: true,
      options: { adAudience: 'google' },
    }).run();
    const members = mock.api.control.members(2).map((id) => mock.api.control.customer(id));
    // A dotted Gmail address is where Google's rule differs from lower-casing (test oracle).
    const index = members.findIndex(({ email }) => /^[^@+]+\.[^@]*@gmail\.com$/i.test(email));
    expect(index).toBeGreaterThanOrEqual(0);
    const served = members[index]!;
    const [local, domain] = served.email.toLowerCase().split('@') as [string, string];
    const googleEmail = `${local.split('+')[0]!.split('.').join('')}@${domain}`;
    expect(hashed![index]!.json).toEqual({
      Email: sha256(googleEmail),
      Phone: sha256(`+55${served.phone.full_number}`),
      'First Name': sha256(served.first_name.toLowerCase()),
      'Last Name': sha256(served.last_name.toLowerCase()),
      Country: 'BR',
      Zip: null,
    });
    const [plain] = await customersOf({
      clusterId: fromList(2),
      returnAll: true,
      options: { adAudience: 'google', hashAudienceIdentifiers: false },
    }).run();
    expect(plain![index]!.json).toMatchObject({
      Email: googleEmail,
      Phone: `+55${served.phone.full_number}`,
    });
  });
});

describe('Cluster Customer › Get Many, node version 2', () => {
  const v2 = (parameters: Record<string, unknown>) =>
    customersOf({ clusterId: fromList(2), returnAll: true, ...parameters }, { typeVersion: 2 });
  const servedDate = (id: number) =>
    (mock.api.control.customer(id) as unknown as { created_at: { date: string } }).created_at.date;
  // The simulator serves São Paulo wall-clock times ('YYYY-MM-DD HH:MM:SS.000000'), -03:00 since 2019.
  const isoOf = (date: string) => `${date.slice(0, 10)}T${date.slice(11, 19)}-03:00`;

  it('simplifies by default, with ISO 8601 dates carrying the offset', async () => {
    const [items] = await v2({}).run();
    const first = items![0]!.json;
    expect(first).toHaveProperty('email');
    expect(first).not.toHaveProperty('address');
    expect(first.created_at).toBe(isoOf(servedDate(first.id as number)));
    expect(first.created_at as string).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/,
    );
    // Version 1 (saved workflows) keeps the bare date text.
    const [v1] = await customersOf({
      clusterId: fromList(2),
      returnAll: true,
      options: { simplify: true },
    }).run();
    expect(v1![0]!.json.created_at).toBe(servedDate(first.id as number));
  });

  it('Simplify off gives the full record with every timestamp object as ISO 8601', async () => {
    const [items] = await v2({ simplify: false }).run();
    const first = items![0]!.json;
    expect(Object.keys(first).length).toBeGreaterThan(13);
    expect(first.created_at).toBe(isoOf(servedDate(first.id as number)));
    expect(JSON.stringify(items)).not.toContain('timezone_type');
  });

  it('Prepare for Ad Audience and Hash Audience Identifiers are top-level parameters', async () => {
    const [hashed] = await v2({ adAudience: 'meta' }).run();
    expect(Object.keys(hashed![0]!.json)).toEqual(META_COLUMNS);
    const [plain] = await v2({ adAudience: 'meta', hashAudienceIdentifiers: false }).run();
    const served = mock.api.control.customer(mock.api.control.members(2)[0]!);
    expect(plain![0]!.json.email).toBe(served.email.toLowerCase().trim());
  });

  it('shows Hash Audience Identifiers only beside an ad audience, and Simplify only without one', () => {
    const byName = (name: string) =>
      node.description.properties.filter((property) => property.name === name);
    const [hash] = byName('hashAudienceIdentifiers');
    expect(hash!.displayOptions?.show).toMatchObject({
      adAudience: ['meta', 'google'],
      '@version': [2],
    });
    const [simplify] = byName('simplify');
    expect(simplify!.default).toBe(true);
    expect(simplify!.displayOptions?.show).toMatchObject({ adAudience: ['off'], '@version': [2] });
    expect(node.description.version).toEqual([1, 2]);
  });
});
