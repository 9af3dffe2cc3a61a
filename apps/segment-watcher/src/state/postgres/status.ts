import type pg from 'pg';
import { type ScanFacts } from '../status-report.js';

/** The newest scan, the newest not incomplete, and the absent count of one cluster. */
export async function readScanFacts(pool: pg.Pool, clusterKey: number): Promise<ScanFacts> {
  const { rows } = await pool.query<{
    last: NonNullable<ScanFacts['last']> | null;
    complete: NonNullable<ScanFacts['lastComplete']> | null;
    absent: number;
  }>(
    `SELECT
       (SELECT row_to_json(s) FROM (SELECT scan_no, outcome, finished_at, detail FROM scans
          WHERE cluster_key = $1 ORDER BY scan_no DESC LIMIT 1) s) AS last,
       (SELECT row_to_json(s) FROM (SELECT finished_at, held FROM scans
          WHERE cluster_key = $1 AND outcome <> 'incomplete' ORDER BY scan_no DESC LIMIT 1) s)
         AS complete,
       (SELECT count(*) FROM members WHERE cluster_key = $1 AND missing_scans > 0) AS absent`,
    [clusterKey],
  );
  const { last, complete, absent } = rows[0]!;
  return {
    last: last && { ...last, finished_at: isoString(last.finished_at) },
    lastComplete: complete && { ...complete, finished_at: isoString(complete.finished_at) },
    absent,
  };
}

/** Sinks disabled by a 410, by name. */
export async function readDisabledSinks(
  pool: pg.Pool,
): Promise<{ name: string; reason: string }[]> {
  const { rows } = await pool.query<{ name: string; reason: string }>(
    'SELECT name, reason FROM sinks ORDER BY name',
  );
  return rows;
}

/** A timestamptz rendered by `row_to_json` (`2026-11-28T10:01:00+00:00`) as `toISOString()`. */
function isoString(value: string): string {
  return new Date(value).toISOString();
}
