import { type ClusterChange } from '../src/events.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALIAS, startMock, tempStatePath as statePath } from './helpers/fixtures.js';
import { cli, FAST_FLAGS, watchArgs } from './helpers/cli.js';
import { createDatabase } from './helpers/postgres.js';

describe('dooki-watch usage', () => {
  it('prints help with the exit codes', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout.text).toMatch(/Usage:[\s\S]*Exit codes:/);
  });

  it.each([
    [[], /missing --alias <store>/],
    [['--alias', 's'], /either --cluster/],
    [['--alias', 's', '--cluster', '1', '--all-clusters'], /either --cluster/],
    [['--alias', 's', '--cluster', '1,x'], /positive integer ids/],
    [['--alias', 's', '--cluster', '1', '--interval', 'soon'], /duration/],
    [['--alias', 's', '--cluster', '1', '--once', '--interval', '1m'], /exclude each other/],
    [['--alias', 's', '--cluster', '1', '--fields', 'name,token'], /--fields: "token" is a secret/],
    [
      ['--alias', 's', '--cluster', '1', '--track-updates', 'phone.login_url'],
      /--track-updates: "phone.login_url" is a secret/,
    ],
    [['--alias', 's', '--cluster', '1', '--fields', 'na me'], /--fields: "na me" is not a field/],
    [['--alias', 's', '--cluster', '1', '--max-leave-percent', '150'], /--max-leave-percent/],
    [['--alias', 's', '--cluster', '1', '--bogus'], /Unknown option/],
    [['--alias', 's', '--cluster', '1', '--webhook', 'http://127.0.0.1:9/x'], /needs a secret/],
    [
      [
        '--alias',
        's',
        '--cluster',
        '1',
        '--webhook',
        'ftp://x',
        '--webhook-secret',
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      ],
      /http\(s\) URL/,
    ],
    [['replay'], /--since/],
    [['status', '--state', '/nonexistent/watch.db'], /no state file/],
  ])('rejects %j with exit 2', async (argv, message) => {
    const { code, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stderr.text).toMatch(message);
  });

  it('explains a state file it cannot use', async () => {
    const missingDir = await cli([
      '--alias',
      's',
      '--cluster',
      '1',
      '--state',
      '/nonexistent/dir/watch.db',
    ]);
    expect(missingDir.code).toBe(2);
    expect(missingDir.stderr.text).toMatch(
      /cannot use the state file \/nonexistent\/dir\/watch.db: .*directory does not exist/,
    );
    const garbage = join(statePath(), '..', 'garbage.db');
    writeFileSync(garbage, 'not a database, just text that is long enough to be read as a header');
    const notSqlite = await cli(['--alias', 's', '--cluster', '1', '--state', garbage]);
    expect(notSqlite.code).toBe(2);
    expect(notSqlite.stderr.text).toMatch(/not a database/);
  });

  it('asks for credentials from the environment', async () => {
    const { code, stderr } = await cli(['--alias', 's', '--cluster', '1'], {});
    expect(code).toBe(2);
    expect(stderr.text).toMatch(/DOOKI_USER_TOKEN/);
  });
});

describe('dooki-watch --once', () => {
  // One scenario, both backends: a file path is SQLite, a postgres:// URL the database.
  it.each([
    ['SQLite', () => Promise.resolve(statePath())],
    ['Postgres', createDatabase],
  ])(
    '%s: sets a silent baseline, then prints true changes as NDJSON; status and replay read the state',
    async (_backend, makeState) => {
      await using api = await startMock({ clusters: [{ id: 3, size: 230 }] });
      const state = await makeState();
      const args = [...watchArgs(api.url, state, '3'), '--once'];
      const baseline = await cli(args);
      expect(baseline.code).toBe(0);
      expect(baseline.stdout.text).toBe('');
      expect(baseline.stderr.text).toMatch(/cluster 3: scan #1 baseline/);
      const { joined, left } = api.control.churn(3, { join: 4, leave: 2 });
      const first = await cli(args);
      const second = await cli(args);
      expect([first.code, second.code]).toEqual([0, 0]);
      const events = [...first.stdout.lines(), ...second.stdout.lines()] as {
        type: string;
        customer_id: number;
        id: string;
      }[];
      expect(events.filter((e) => e.type === 'customer.joined').map((e) => e.customer_id)).toEqual(
        joined,
      );
      expect(events.filter((e) => e.type === 'customer.left').map((e) => e.customer_id)).toEqual(
        left,
      );

      const status = await cli(['status', '--state', state, '--json']);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout.text)).toMatchObject({
        clusters: [
          {
            alias: ALIAS,
            clusterId: 3,
            members: 232,
            absentUnconfirmed: 0,
            held: 0,
            lastScan: { scan: 3, outcome: 'complete' },
          },
        ],
        pendingDeliveries: 0,
      });
      const text = await cli(['status', '--state', state]);
      expect(text.stdout.text).toMatch(
        /^demo-store cluster 3: 232 members; last scan #3 complete at \S+; 0 absent \(unconfirmed\); 0 held\npending deliveries: 0\n$/,
      );
      const replay = await cli(['replay', '--since', '1h', '--state', state]);
      expect(replay.code).toBe(0);
      expect((replay.stdout.lines() as { id: string }[]).map((e) => e.id)).toEqual(
        events.map((e) => e.id),
      );
    },
  );

  it('writes to an NDJSON file with --out and emits the baseline with --emit-initial', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 150 }] });
    const state = statePath();
    const out = join(state, '..', 'events.ndjson');
    const { code, stdout } = await cli([
      '--alias',
      ALIAS,
      '--cluster',
      '1',
      '--state',
      state,
      '--out',
      out,
      '--emit-initial',
      '--fields',
      'name,phone.full_number',
      '--base-url',
      api.url,
      ...FAST_FLAGS,
    ]);
    expect(code).toBe(0);
    expect(stdout.text).toBe('');
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ClusterChange);
    expect(lines).toHaveLength(150);
    expect(Object.keys(lines[0]!.data)).toEqual(['id', 'name', 'phone.full_number']);
  });

  it.each([
    [
      '3 for rejected credentials',
      { DOOKI_USER_TOKEN: 'wrong', DOOKI_USER_SECRET_KEY: 'wrong' },
      [],
      3,
    ],
    ['4 for an unknown cluster', undefined, ['--cluster', '99'], 4],
  ])('exits %s', async (_name, env, extra, expected) => {
    await using api = await startMock({ clusters: [{ id: 1, size: 50 }] });
    const argv = [...watchArgs(api.url, statePath()), ...extra];
    const { code, stderr } = await cli(argv, env ? { ...env } : undefined);
    expect(code).toBe(expected);
    expect(stderr.text).toMatch(/INCOMPLETE/);
  });

  it('exits 5 for a scan that cannot complete, and reports it', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 300 }] });
    api.control.addFault({
      match: { route: 'cluster-customers', page: 2 },
      times: Infinity,
      fault: { kind: 'status', status: 502 },
    });
    const { code, stderr } = await cli(watchArgs(api.url, statePath()));
    expect(code).toBe(5);
    expect(stderr.text).toMatch(/INCOMPLETE \(scan failed: DOOKI_ERR_SERVER/);
  });

  it('exits 7 while the breaker holds a mass leave, and releases it with --accept-mass-change', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 200 }] });
    const state = statePath();
    const args = watchArgs(api.url, state);
    await cli(args);
    const { left } = api.control.churn(1, { leavePercent: 30 });
    expect((await cli(args)).code).toBe(7); // absent once: pending, but already tripping
    const held = await cli(args);
    expect(held.code).toBe(7);
    expect(held.stdout.text).toBe('');
    expect(held.stderr.text).toMatch(/60 held by the breaker \(mass-leave\)/);
    const status = JSON.parse((await cli(['status', '--state', state, '--json'])).stdout.text);
    expect(status.clusters[0].held).toBe(60);
    const accepted = await cli([...args, '--accept-mass-change']);
    expect(accepted.code).toBe(0);
    expect(
      (accepted.stdout.lines() as { customer_id: number }[]).map((e) => e.customer_id),
    ).toEqual(left);
  });

  it('watches every cluster with --all-clusters', async () => {
    await using api = await startMock({
      clusters: [
        { id: 1, size: 20 },
        { id: 2, size: 30 },
      ],
    });
    const { code, stderr } = await cli([
      '--alias',
      ALIAS,
      '--all-clusters',
      '--state',
      statePath(),
      '--base-url',
      api.url,
      ...FAST_FLAGS,
    ]);
    expect(code).toBe(0);
    expect(stderr.text).toMatch(/cluster 1: scan #1 baseline[\s\S]*cluster 2: scan #1 baseline/);
  });
});
