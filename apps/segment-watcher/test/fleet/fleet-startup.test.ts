import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createDatabase } from '../helpers/postgres.js';
import {
  queryRows,
  runFleetToExit,
  startFleetApi,
  startWorker,
  tempDir,
  trackCleanups,
  waitFor,
  writeFleetFile,
} from '../helpers/fleet.js';

const cleanups = trackCleanups();

/** What a failed start must leave behind in its database: nothing at all. */
async function leftovers(databaseUrl: string) {
  const [row] = await queryRows<{ schemas: number; advisory: number; sessions: number }>(
    databaseUrl,
    `SELECT
       (SELECT count(*)::int FROM information_schema.schemata
         WHERE schema_name IN ('dooki_watch', 'graphile_worker')) AS schemas,
       (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory') AS advisory,
       (SELECT count(*)::int FROM pg_stat_activity WHERE application_name = 'dooki-watch') AS sessions`,
  );
  return row;
}

const NOTHING = { schemas: 0, advisory: 0, sessions: 0 };

async function fleetSetup(prefix: string) {
  const api = await startFleetApi({ count: 2, clustersPerStore: 2, membersPerCluster: 50 });
  cleanups.push(() => api.close());
  const dir = tempDir(prefix, cleanups);
  return { api, dir, databaseUrl: await createDatabase() };
}

describe('dooki-watch fleet start-up is all-or-nothing', () => {
  const replaceLine = (key: string, line: string) => (text: string) =>
    text.replace(new RegExp(`^${key}: .*$`, 'm'), line);
  it.each([
    [
      'an unset credential variable',
      (text: string) => text,
      'STORE_001_TOKEN',
      /set STORE_001_TOKEN/,
    ],
    [
      'a secret payload field',
      (text: string) => `fields: [name, token]\n${text}`,
      null,
      /fields.*token/,
    ],
    [
      'an interval of 1 ms',
      replaceLine('interval', 'interval: 1ms'),
      null,
      /interval 1ms is outside/,
    ],
    [
      'an interval beyond any schedule',
      replaceLine('interval', 'interval: 999999999h'),
      null,
      /outside 1s … 30d/,
    ],
    [
      'plain http to another host',
      replaceLine('baseUrl', 'baseUrl: http://api.example.test/v2'),
      null,
      /baseUrl: plain http/,
    ],
  ] as const)(
    'refuses %s: exit 2, nothing written, no process left',
    async (_name, patch, unset, message) => {
      const { api, dir, databaseUrl } = await fleetSetup('fleet-start-');
      const config = writeFleetFile(api, dir, { interval: '5s' });
      writeFileSync(config.file, patch(readFileSync(config.file, 'utf8')));
      if (unset !== null) delete config.env[unset];
      const { code, output } = await runFleetToExit(config, databaseUrl);
      expect(code).toBe(2);
      expect(output).toMatch(message);
      expect(output).not.toMatch(/unexpected error|joined/);
      expect(await leftovers(databaseUrl)).toEqual(NOTHING);
    },
    60_000,
  );

  it('refuses a webhook URL with a password, and never prints the password', async () => {
    const { api, dir, databaseUrl } = await fleetSetup('fleet-start-');
    const config = writeFleetFile(api, dir, {
      webhook: {
        alias: 'store-001',
        url: 'http://user:hunter2@127.0.0.1:9/hook',
        secret: `whsec_${Buffer.alloc(24, 7).toString('base64')}`,
      },
    });
    const { code, output } = await runFleetToExit(config, databaseUrl);
    expect(code).toBe(2);
    expect(output).toMatch(/must not contain a user name or password/);
    expect(output).not.toContain('hunter2');
    expect(await leftovers(databaseUrl)).toEqual(NOTHING);
  }, 60_000);

  it('refuses a YAML bomb, a directory as --config and an ops port in use, with a usage message', async () => {
    const { api, dir, databaseUrl } = await fleetSetup('fleet-start-');
    const config = writeFleetFile(api, dir);
    const bomb = join(dir, 'bomb.yaml');
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    writeFileSync(bomb, `${levels.join('\n')}\nstores: []\n`);
    const bombRun = await runFleetToExit({ ...config, file: bomb }, databaseUrl);
    expect(bombRun.code).toBe(2);
    expect(bombRun.output).toMatch(/alias/i);
    const directory = join(dir, 'conf.d');
    mkdirSync(directory);
    const dirRun = await runFleetToExit({ ...config, file: directory }, databaseUrl);
    expect(dirRun.code).toBe(2);
    expect(dirRun.output).toMatch(/is a directory/);
    // A port this test holds open for the whole run: no race with anyone.
    const holder = createServer();
    holder.listen(0, '127.0.0.1');
    await once(holder, 'listening');
    cleanups.push(() => new Promise((resolve) => holder.close(resolve)));
    const port = (holder.address() as { port: number }).port;
    const portRun = await runFleetToExit(config, databaseUrl, ['--ops-port', String(port)]);
    expect(portRun.code).toBe(2);
    expect(portRun.output).toMatch(/--ops-port \d+ on 127\.0\.0\.1 cannot be used \(EADDRINUSE\)/);
    for (const run of [bombRun, dirRun, portRun])
      expect(run.output).not.toMatch(/unexpected error/);
    expect(await leftovers(databaseUrl)).toEqual(NOTHING);
  }, 60_000);

  it('exits 8 when the database has no connection slot for it, and leaves nothing behind', async () => {
    const { api, dir, databaseUrl } = await fleetSetup('fleet-start-');
    const role = `limited_${Date.now().toString(36)}`;
    await queryRows(
      databaseUrl,
      `CREATE ROLE ${role} LOGIN PASSWORD 's3cr@t:pw' CONNECTION LIMIT 1`,
    );
    await queryRows(
      databaseUrl,
      `GRANT ALL ON DATABASE ${new URL(databaseUrl).pathname.slice(1)} TO ${role}`,
    );
    const limited = new URL(databaseUrl);
    limited.username = role;
    limited.password = encodeURIComponent('s3cr@t:pw');
    // The role's one connection is taken, as on a managed Postgres at its limit.
    const occupant = new pg.Client({ connectionString: limited.toString() });
    await occupant.connect();
    cleanups.push(() => occupant.end());
    const config = writeFleetFile(api, dir);
    const { code, output } = await runFleetToExit(config, limited.toString());
    expect(code).toBe(8);
    expect(output).toMatch(/too many connections.*no free connection slot/s);
    expect(output).not.toContain('s3cr');
    expect(await leftovers(databaseUrl)).toEqual({ ...NOTHING, sessions: 0 });
  }, 60_000);

  it('exits 2 when it connects but may not create its tables (fails half-way), leaving nothing', async () => {
    const { api, dir, databaseUrl } = await fleetSetup('fleet-start-');
    const role = `reader_${Date.now().toString(36)}`;
    await queryRows(databaseUrl, `CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
    await queryRows(databaseUrl, `REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    const reader = new URL(databaseUrl);
    reader.username = role;
    reader.password = 'pw';
    const config = writeFleetFile(api, dir);
    const { code, output } = await runFleetToExit(config, reader.toString());
    // As for the single-process CLI: a database this role cannot use is a setup error.
    expect(code).toBe(2);
    expect(output).toMatch(/cannot use the state database .*permission denied/);
    expect(await leftovers(databaseUrl)).toEqual(NOTHING);
  }, 60_000);

  it('--ops-port -1 runs without an ops server (the documented way to turn it off)', async () => {
    const { api, dir, databaseUrl } = await fleetSetup('fleet-start-');
    const config = writeFleetFile(api, dir);
    const worker = startWorker(config, databaseUrl, {}, 4, ['--ops-port', '-1']);
    cleanups.push(() => worker.stop());
    await waitFor('the worker to join', () => /joined/.test(worker.output()), 60_000);
    expect(worker.output()).not.toMatch(/ops server on/);
    expect(await worker.stop()).toBe(130);
  }, 60_000);
});
