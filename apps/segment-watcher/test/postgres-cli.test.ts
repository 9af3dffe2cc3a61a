import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { watchCluster } from '../src/watch-cluster.js';
import { ALIAS, fastClient, startMock, tempStatePath } from './helpers/fixtures.js';
import { cli, CREDENTIAL_ENV, watchArgs } from './helpers/cli.js';
import { createDatabase } from './helpers/postgres.js';

describe('dooki-watch on Postgres', () => {
  // The full watch / status / replay scenario runs on both backends in cli.test.ts.
  it('warns about a password in --state and never prints it', async () => {
    await using api = await startMock({ clusters: [{ id: 3, size: 230 }] });
    const url = await createDatabase();
    const baseline = await cli([...watchArgs(api.url, url, '3'), '--once']);
    expect(baseline.code).toBe(0);
    // A password on the command line shows up in process lists; it is never printed.
    expect(baseline.stderr.text).toMatch(
      /--state is visible to other users in the process list; prefer DOOKI_WATCH_DATABASE_URL/,
    );
    expect(baseline.stderr.text).not.toContain(new URL(url).password);
  });

  it('takes the database from DOOKI_WATCH_DATABASE_URL unless --state names a file', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 40 }] });
    const url = await createDatabase();
    const env = { ...CREDENTIAL_ENV, DOOKI_WATCH_DATABASE_URL: url };
    const args = watchArgs(api.url, 'unused');
    const withoutState = args.filter((_, i) => args[i] !== '--state' && args[i - 1] !== '--state');
    const fromEnv = await cli(withoutState, env);
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stderr.text).not.toMatch(/warning/);
    const status = await cli(['status', '--json'], env);
    expect(JSON.parse(status.stdout.text)).toMatchObject({ clusters: [{ clusterId: 1 }] });

    const file = tempStatePath();
    expect((await cli(watchArgs(api.url, file), env)).code).toBe(0);
    const fromFile = await cli(['status', '--state', file, '--json'], env);
    expect(JSON.parse(fromFile.stdout.text)).toMatchObject({
      clusters: [{ clusterId: 1, lastScan: { scan: 1 } }],
    });
    // The database saw one scan only: the file run did not touch it.
    const again = await cli(['status', '--json'], env);
    expect(JSON.parse(again.stdout.text)).toMatchObject({
      clusters: [{ clusterId: 1, lastScan: { scan: 1 } }],
    });
  });

  it('never prints the password of a database URL it cannot use', async () => {
    const url = new URL(await createDatabase());
    url.password = 'hunter2-not-the-password';
    for (const argv of [
      ['--alias', ALIAS, '--cluster', '1', '--state', url.toString()],
      ['status', '--state', url.toString()],
    ]) {
      const { code, stdout, stderr } = await cli(argv);
      expect(code).toBe(2);
      expect(stderr.text).toMatch(/cannot use the state database postgres:\/\/postgres:\*\*\*@/);
      expect(stderr.text).toMatch(/password authentication failed/);
      expect(stderr.text + stdout.text).not.toContain('hunter2');
    }
  });

  it('serves watchCluster() given a postgres:// URL', async () => {
    await using api = await startMock({ clusters: [{ id: 5, size: 60 }] });
    const changes = await firstValueFrom(
      watchCluster({
        client: fastClient(api),
        alias: ALIAS,
        clusterId: 5,
        state: await createDatabase(),
        intervalMs: 20,
        onReport: (report) => {
          if (report.outcome === 'baseline') api.control.churn(5, { join: 2 });
        },
      }).pipe(take(2), toArray()),
    );
    expect(changes.map((c) => c.type)).toEqual(['customer.joined', 'customer.joined']);
  });
});
