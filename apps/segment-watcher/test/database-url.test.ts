import { describe, expect, it } from 'vitest';
import { isPostgresUrl, redactDatabaseUrl, redactPassword } from '../src/state/database-url.js';

describe('database URLs', () => {
  it('tells Postgres URLs from SQLite paths', () => {
    expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresUrl('POSTGRESQL://u@h/db')).toBe(true);
    expect(isPostgresUrl('./postgres://not-a-url.db')).toBe(false);
    expect(isPostgresUrl('/var/lib/watch.db')).toBe(false);
    expect(isPostgresUrl(':memory:')).toBe(false);
  });

  it('redacts the password, secret query parameters, and anything unparsable', () => {
    expect(redactDatabaseUrl('postgres://watcher:s3cr%40t@db:5432/crm?sslmode=require')).toBe(
      'postgres://watcher:***@db:5432/crm?sslmode=require',
    );
    expect(redactDatabaseUrl('postgres://db/crm?password=s3cret')).toBe(
      'postgres://db/crm?password=***',
    );
    expect(redactDatabaseUrl('postgres://watcher@db/crm')).toBe('postgres://watcher@db/crm');
    expect(redactDatabaseUrl('postgres://wat cher:s3cret@[bad')).toBe('postgres://***');
  });

  it('removes the password from any text, raw or URL-encoded', () => {
    const url = 'postgres://watcher:s3cr%40t@db/crm';
    expect(redactPassword(`connect to ${url} failed: s3cr@t / s3cr%40t`, url)).toBe(
      'connect to postgres://watcher:***@db/crm failed: *** / ***',
    );
  });
});
