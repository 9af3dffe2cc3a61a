import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../support/postgres-server.js';

/** One Postgres server for the whole suite; test files create their own databases on it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
