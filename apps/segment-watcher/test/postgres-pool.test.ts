import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createPostgresPool,
  isConnectionLost,
  isDatabaseUnreachable,
} from '../src/state/postgres/pool.js';
import { createDatabase } from './helpers/postgres.js';

/**
 * A TCP proxy on 127.0.0.1 in front of the suite's Postgres that cuts the first `cut`
 * connections at once (as a server that is down or restarting would), then passes traffic.
 */
async function flakyProxy(target: URL, cut: number): Promise<{ url: URL; attempts: () => number }> {
  let attempts = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    attempts++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    if (attempts <= cut) return void socket.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on('error', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return { url, attempts: () => attempts };
}

async function terminate(url: string, pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe('createPostgresPool', () => {
  it('rejects the query of a client terminated inside a transaction, without crashing', async () => {
    const url = await createDatabase();
    const lines: string[] = [];
    const pool = createPostgresPool(url, { log: (line) => lines.push(line) });
    onTestFinished(() => pool.end());
    const client = await pool.connect();
    await client.query('BEGIN');
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const sleeping = client.query('SELECT pg_sleep(30)');
    const failure = sleeping.catch((error: Error) => error);
    await terminate(url, rows[0]!.pid);
    const error = await failure;
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnreachable(error)).toBe(true);
    // pg emits 'error' on the still checked-out client once its socket closes (an unhandled
    // one would crash the process); the pool's per-client listener logs it.
    await expect.poll(() => lines.length).toBeGreaterThan(0);
    client.release(error as Error);
    expect(lines.join('\n')).toMatch(/^state database connection error: /);
    expect(lines.join('\n')).not.toContain(new URL(url).password);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('survives an idle pooled connection being terminated', async () => {
    const url = await createDatabase();
    const pool = createPostgresPool(url);
    onTestFinished(() => pool.end());
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await terminate(url, rows[0]!.pid);
    await expect.poll(() => pool.idleCount).toBe(0);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('waits while the database is unreachable when asked to', async () => {
    const proxy = await flakyProxy(new URL(await createDatabase()), 3);
    const pool = createPostgresPool(proxy.url.toString(), {
      waitWhileUnreachable: new AbortController().signal,
    });
    onTestFinished(() => pool.end());
    const client = await pool.connect();
    client.release();
    expect(proxy.attempts()).toBe(4);
  });

  it('stops waiting, with the connection error, once the signal aborts', async () => {
    const proxy = await flakyProxy(new URL(await createDatabase()), Infinity);
    const stop = new AbortController();
    const pool = createPostgresPool(proxy.url.toString(), { waitWhileUnreachable: stop.signal });
    onTestFinished(() => pool.end());
    const connecting = pool.connect().catch((error: Error) => error);
    await expect.poll(proxy.attempts).toBeGreaterThanOrEqual(2);
    stop.abort();
    const error = await connecting;
    expect(isDatabaseUnreachable(error)).toBe(true);
  });

  it('fails at once on a failure that waiting does not cure (a wrong password)', async () => {
    const target = new URL(await createDatabase());
    target.password = 'not-the-password';
    const proxy = await flakyProxy(target, 0);
    const pool = createPostgresPool(proxy.url.toString(), {
      waitWhileUnreachable: new AbortController().signal,
    });
    onTestFinished(() => pool.end());
    await expect(pool.connect()).rejects.toMatchObject({ code: '28P01' });
    expect(proxy.attempts()).toBe(1);
  });

  it('fails at once without waitWhileUnreachable', async () => {
    const proxy = await flakyProxy(new URL(await createDatabase()), 1);
    const pool = createPostgresPool(proxy.url.toString());
    onTestFinished(() => pool.end());
    await expect(pool.connect()).rejects.toThrow(/Connection terminated/);
    expect(proxy.attempts()).toBe(1);
  });
});

describe('isDatabaseUnreachable', () => {
  const coded = (code: string) => Object.assign(new Error(code), { code });

  it.each(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006', '08001', '08P01'])(
    'counts %s as unreachable',
    (code) => expect(isDatabaseUnreachable(coded(code))).toBe(true),
  );

  it.each(['53300', '28P01', '3D000', '42P01', '23505'])('counts %s as a refusal', (code) =>
    expect(isDatabaseUnreachable(coded(code))).toBe(false),
  );

  it('counts a connection that pg saw end as unreachable', () => {
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnreachable(new Error('syntax error'))).toBe(false);
    expect(isDatabaseUnreachable('ECONNREFUSED')).toBe(false);
  });

  it('tells a connection cut short from a server never reached', () => {
    expect(isConnectionLost(coded('57P01'))).toBe(true);
    expect(isConnectionLost(coded('ECONNRESET'))).toBe(true);
    expect(isConnectionLost(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isConnectionLost(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe(true);
    expect(isConnectionLost(coded('ECONNREFUSED'))).toBe(false);
    expect(isConnectionLost(new Error('timeout exceeded when trying to connect'))).toBe(false);
    expect(isConnectionLost(coded('28P01'))).toBe(false);
  });
});
