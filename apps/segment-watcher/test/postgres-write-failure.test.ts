import { describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/backends.js';
import { startMock } from './helpers/fixtures.js';
import { cli, watchArgs } from './helpers/cli.js';
import { createDatabase } from './helpers/postgres.js';

const postgres = BACKENDS.find((backend) => backend.name === 'postgres')!;

// The Postgres twin of regression/issue-9-state-write-failure.test.ts: the server runs out of disk
// in the middle of a commit (a trigger raises SQLSTATE 53100 on the outbox insert).
describe('a Postgres state that cannot be written', () => {
  it('is reported as a state failure naming the database without its password (exit 8), and the next run emits the changes once', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 100 }] });
    const url = await createDatabase();
    const args = watchArgs(api.url, url);
    expect((await cli(args)).code).toBe(0); // baseline
    const { joined } = api.control.churn(1, { join: 30 });
    await postgres.queryAt(
      url,
      `CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full';
       END $$;
       CREATE TRIGGER full_disk BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION full_disk()`,
    );

    const full = await cli(args);
    expect(full.stderr.text).not.toMatch(/INCOMPLETE/);
    expect(full.code).toBe(8);
    expect(full.stderr.text).toMatch(
      /cannot write the state database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\w+: could not extend file: No space left on device \(53100\)/,
    );
    expect(full.stderr.text).toMatch(/next step: free disk space/);
    expect(full.stderr.text).not.toContain(new URL(url).password);
    expect(full.stdout.text).toBe('');
    // The commit rolled back whole: no scan recorded beyond the baseline, no event.
    expect(await postgres.queryAt(url, 'SELECT max(scan_no) AS n FROM scans')).toEqual([{ n: 1 }]);
    expect(await postgres.queryAt(url, 'SELECT count(*) AS n FROM outbox')).toEqual([{ n: 0 }]);

    await postgres.queryAt(url, 'DROP TRIGGER full_disk ON outbox');
    const after = await cli(args);
    expect(after.code).toBe(0);
    const events = after.stdout.lines() as { type: string; customer_id: number }[];
    expect(events.map((event) => event.customer_id)).toEqual(joined);
  });
});
