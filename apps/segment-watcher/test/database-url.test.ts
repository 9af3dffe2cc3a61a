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

  // A password as people type it into a URL, unencoded: each odd character in the middle.
  const ODD = [
    '@',
    '@@',
    ':',
    '/',
    '?',
    '#',
    '%',
    '%4',
    '%40',
    ' ',
    '[',
    ']',
    '"',
    "'",
    '\\',
    '&',
    '=',
    '+',
    ';',
    'é',
  ];

  it.each(ODD)('fully redacts a password with a raw %s in it', (odd) => {
    const password = `Zq${odd}Xj`;
    const url = `postgres://watcher:${password}@127.0.0.1:5432/crm`;
    const shown = redactDatabaseUrl(url);
    expect(shown).not.toMatch(/Zq|Xj/);
    expect(shown).toMatch(/^postgres:\/\/(watcher:\*\*\*@127\.0\.0\.1:5432\/crm|\*\*\*)$/);
    const message = `cannot connect to ${url}: bad password ${password} (${encodeURIComponent(password)})`;
    expect(redactPassword(message, url)).not.toMatch(/Zq|Xj/);
  });

  it('keeps the host of a URL whose password holds a raw @', () => {
    const url = 'postgres://u:p@ss@127.0.0.1/db';
    expect(redactDatabaseUrl(url)).toBe('postgres://u:***@127.0.0.1/db');
    expect(redactPassword(`FATAL for ${url}: p@ss / p%40ss`, url)).toBe(
      'FATAL for postgres://u:***@127.0.0.1/db: *** / ***',
    );
  });

  it('removes secret query values from text too', () => {
    const url = 'postgres://db/crm?sslpassword=Zq7Xj';
    expect(redactPassword(`bad key passphrase Zq7Xj for ${url}`, url)).toBe(
      'bad key passphrase *** for postgres://db/crm?sslpassword=***',
    );
  });
});
