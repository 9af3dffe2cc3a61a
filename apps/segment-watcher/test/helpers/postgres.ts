import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the suite's Postgres server (see postgres-global-setup.ts). */
    postgresUrl: string;
  }
}

/**
 * A new empty database on the suite's server; returns its URL. Each test that wants fresh state
 * takes one (CREATE DATABASE is cheap), so tests never see each other's rows.
 */
export function createDatabase(): Promise<string> {
  return freshDatabase(inject('postgresUrl'), `watch_${randomBytes(6).toString('hex')}`);
}

/** Drops and creates database `name` on the server and returns its URL (the fleet benches). */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
