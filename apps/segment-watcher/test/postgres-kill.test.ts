import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ClusterChange } from '../src/events.js';
import { CREDENTIAL_ENV, FAST_FLAGS, requireBuild, spawnCli, type CliRun } from './helpers/cli.js';
import { ALIAS, startMock } from './helpers/fixtures.js';
import { createDatabase } from './helpers/postgres.js';
import { expectNoFalseEvents, replayMembership, type ScanTruth } from './helpers/truth.js';

beforeAll(requireBuild);

/**
 * Where a round cuts the CLI's database connection: at a statement of a scan's commit (while it
 * runs, or right after it inside the open transaction), in any transaction, or while idle.
 */
const TARGETS = {
  lock: `query LIKE '%FROM clusters WHERE cluster_key = $1 FOR UPDATE%'`,
  outbox: `query LIKE '%INSERT INTO outbox%'`,
  members: `query LIKE '%INSERT INTO members%'`,
  scans: `query LIKE '%INSERT INTO scans%'`,
  cluster: `query LIKE '%UPDATE clusters SET last_scan%'`,
  transaction: 'xact_start IS NOT NULL',
  idle: `xact_start IS NULL AND state = 'idle'`,
} as const;
type Target = keyof typeof TARGETS;
const COMMIT_STEPS: readonly Target[] = ['lock', 'outbox', 'members', 'scans', 'cluster'];

/**
 * Terminates the CLI's connections that match `target` as soon as one shows up, until the CLI
 * exits. Returns whether it terminated one, and whether that one was inside a transaction; a
 * cut that missed leaves the round a plain run.
 */
async function cutConnection(url: string, target: Target, exited: Promise<unknown>) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  let done = false;
  void exited.then(() => (done = true));
  try {
    while (!done) {
      // One statement: the session is terminated in the state it was seen in.
      const { rows } = await admin.query<{ killed: boolean; inside: boolean }>(
        `SELECT pg_terminate_backend(pid) AS killed, xact_start IS NOT NULL AS inside
         FROM pg_stat_activity
         WHERE application_name = 'dooki-watch' AND datname = current_database()
           AND ${TARGETS[target]}`,
      );
      const killed = rows.filter((row) => row.killed);
      if (killed.length > 0) return { cut: true, inside: killed.some((row) => row.inside) };
    }
    return { cut: false, inside: false };
  } finally {
    await admin.end();
  }
}

/** Every round: 0 (the cut missed) or 8 naming the lost connection; never a crash or a 1. */
function expectCleanExit(run: CliRun, landed: boolean): void {
  expect(run.stderr).not.toMatch(/unexpected error|Unhandled|uncaught|at .*\.js:\d+/i);
  expect([0, 8], run.stderr).toContain(run.code);
  if (run.code === 8) {
    expect(run.stderr).toMatch(
      /cannot write the state database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\w+: connection lost/,
    );
  }
  if (!landed) expect(run.code).toBe(0);
}

/** Rows a commit cut short would leave behind; all 0 when each commit is whole or absent. */
const CONSISTENCY = `SELECT
  (SELECT count(*) FROM dooki_watch.outbox o JOIN dooki_watch.clusters c USING (cluster_key)
    WHERE o.scan_no > c.last_scan)::int AS events_ahead,
  (SELECT count(*) FROM dooki_watch.scans s JOIN dooki_watch.clusters c USING (cluster_key)
    WHERE s.scan_no > c.last_scan)::int AS scans_ahead,
  ((SELECT count(*) FROM dooki_watch.members)
    - (SELECT coalesce(sum(member_count), 0) FROM dooki_watch.clusters))::int AS member_drift`;

async function queryOnce<T = Record<string, unknown>>(
  url: string,
  sql: string,
): Promise<[T, ...T[]]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as [T, ...T[]];
  } finally {
    await client.end();
  }
}

describe('dooki-watch on Postgres whose connection is terminated', () => {
  it(
    'exits 8 or 0 every round, and commits whole scans or nothing: the events match the ground truth',
    { timeout: 900_000 },
    async () => {
      await using api = await startMock({ clusters: [{ id: 1, size: 2_000 }] });
      const url = await createDatabase();
      const env = { ...CREDENTIAL_ENV, DOOKI_WATCH_DATABASE_URL: url };
      const args = [
        ...['--alias', ALIAS, '--cluster', '1', '--once', '--base-url', api.url, ...FAST_FLAGS],
        ...['--emit-initial', '--confirm-scans', '1', '--max-leave-percent', '100', '--quiet'],
      ];
      const delivered: ClusterChange[] = [];
      const truths: ScanTruth[] = [];
      const inside = new Map<Target, number>();
      const tally = { inside: 0, between: 0, missed: 0, exit8: 0 };
      let lastScan = 0;
      const round = async (target: Target | null) => {
        const members = new Set(api.control.members(1));
        const run = spawnCli(args, env);
        const cut = target === null ? null : await cutConnection(url, target, run.exited);
        const result = await run.exited;
        expectCleanExit(result, cut?.cut ?? false);
        if (cut?.inside) inside.set(target!, (inside.get(target!) ?? 0) + 1);
        tally[cut?.inside ? 'inside' : cut?.cut ? 'between' : 'missed']++;
        if (result.code === 8) tally.exit8++;
        const lines = result.stdout.split('\n').filter(Boolean);
        delivered.push(...lines.map((line) => JSON.parse(line) as ClusterChange));
        // Nothing half-committed: no event, scan row or member beyond what the cluster row says.
        expect(await queryOnce(url, CONSISTENCY)).toEqual([
          { events_ahead: 0, scans_ahead: 0, member_drift: 0 },
        ]);
        // Membership did not move while the run scanned: each scan it recorded saw `members`.
        const [{ n }] = await queryOnce<{ n: number | null }>(
          url,
          'SELECT max(scan_no) AS n FROM dooki_watch.scans',
        );
        for (let scan = lastScan + 1; scan <= (n ?? 0); scan++) {
          truths.push({ scan, start: members, end: members });
        }
        lastScan = n ?? 0;
      };
      // Cuts inside transactions, at several steps of a commit (some steps are brief to catch).
      const enough = () =>
        tally.inside >= 8 && COMMIT_STEPS.filter((step) => inside.has(step)).length >= 3;

      const targets = Object.keys(TARGETS) as Target[];
      // At least 20 rounds; more (bounded) until enough cuts landed inside transactions.
      for (let n = 0; n < 100 && (n < 20 || !enough()); n++) {
        if (n > 0) api.control.churn(1, { join: 400, leave: 250 });
        await round(targets[n % targets.length]!);
      }
      await round(null); // a clean run delivers whatever the cut runs left pending

      // At-least-once: a run cut after its sink wrote may deliver an event again, same id.
      const unique = [...new Map(delivered.map((event) => [event.id, event])).values()];
      expectNoFalseEvents(unique, truths);
      expect(replayMembership([], unique)).toEqual(api.control.members(1));
      console.info(`kill rounds: ${JSON.stringify({ ...tally, ...Object.fromEntries(inside) })}`);
      expect(enough()).toBe(true);
      expect(tally.exit8).toBeGreaterThan(0);
    },
  );
});
