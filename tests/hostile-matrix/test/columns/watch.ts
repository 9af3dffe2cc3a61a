import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtBin, runBin, type ProcessResult } from '../support/cli-process.js';
import type { Guard } from '../support/guard.js';
import { firstErrorCode, type Observed } from '../support/observed.js';
import { ALIAS, CLUSTER_ID, CREDENTIALS, type Target } from '../support/targets.js';

/** `--retries` given to the watcher: a bad page costs 1 + this many requests. */
export const WATCH_RETRIES = 2;

export interface WatchOptions {
  /** `--request-timeout`. Default 10 s. */
  requestTimeoutMs?: number;
  /** `--rate-limit`: the quota assumed, and how long a bare 429 waits. Default `off`. */
  rateLimit?: string;
  /**
   * Run a silent baseline scan first, then the observed one with `--confirm-scans 1` (one
   * absence is a leave): the events then show what the watcher makes of a changed cluster.
   * Without it, the observed run is the first, with `--emit-initial`.
   */
  afterBaseline?: boolean;
}

interface WatchEvent {
  type: string;
  customer_id: number;
}

/**
 * Runs the built `dooki-watch --once --emit-initial` as a real process on a fresh state file:
 * `--emit-initial` makes the first scan announce every member, so "0 events" means the
 * watcher refused the scan rather than set a silent baseline. Events are read from `--out`.
 */
export async function runWatch(
  target: Target,
  guard: Guard,
  options: WatchOptions = {},
): Promise<Observed> {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-watch-'));
  try {
    const out = join(dir, 'events.ndjson');
    const args = ['--alias', ALIAS, '--cluster', String(CLUSTER_ID), '--base-url', target.url];
    args.push('--state', join(dir, 'watch.db'), '--once');
    args.push('--retries', String(WATCH_RETRIES), '--retry-delay', '1');
    args.push('--request-timeout', String(options.requestTimeoutMs ?? 10_000));
    args.push('--rate-limit', options.rateLimit ?? 'off');
    const run = (extra: string[]): Promise<ProcessResult> =>
      runBin(
        builtBin('@clusterstream/segment-watcher'),
        [...args, ...extra],
        {
          DOOKI_USER_TOKEN: CREDENTIALS.userToken,
          DOOKI_USER_SECRET_KEY: CREDENTIALS.userSecretKey,
        },
        guard.signal,
      );
    const afterBaseline = async (): Promise<ProcessResult> => {
      const baseline = await run(['--out', join(dir, 'baseline.ndjson')]);
      if (baseline.exit !== 0) throw new Error(`baseline scan failed: ${baseline.stderr}`);
      return run(['--confirm-scans', '1', '--out', out]);
    };
    const result =
      options.afterBaseline === true
        ? await afterBaseline()
        : await run(['--emit-initial', '--out', out]);
    await target.settled();
    const events = existsSync(out)
      ? readFileSync(out, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as WatchEvent)
      : [];
    return {
      exit: result.exit,
      errorCode: firstErrorCode(result.stderr),
      message: result.stderr,
      output: events.length,
      ids: events.map((event) => event.customer_id),
      events,
      leftovers: [],
      requests: target.requests(),
      closedEarly: target.closedEarly(),
      otherOrigin: target.otherOrigin(),
      stopped: guard.stopped,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
