import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../../../apps/csv-export/test/helpers/parse-csv.js';
import { builtBin, runBin } from '../support/cli-process.js';
import type { Guard } from '../support/guard.js';
import { firstErrorCode, type Observed } from '../support/observed.js';
import { ALIAS, CLUSTER_ID, CREDENTIALS, type Target } from '../support/targets.js';

export interface CsvOptions {
  /** Pass `--allow-incomplete`. */
  allowIncomplete?: boolean;
  /** Start with an existing target file, to see whether the export leaves it untouched. */
  existingTarget?: boolean;
  /** `DOOKI_REQUEST_TIMEOUT_MS`. Default 10 s. */
  timeoutMs?: number;
  /** `DOOKI_RATE_LIMIT`: the quota assumed, and how long a bare 429 waits. */
  rateLimit?: string;
}

/** A previous export the failed one must not replace. */
const PREVIOUS_EXPORT = 'id,name\n42,Previous Export\n';
const TARGET = 'cluster.csv';

/** Runs the built `dooki-csv` as a real process against `target`, fast retries. */
export async function runCsv(
  target: Target,
  guard: Guard,
  options: CsvOptions = {},
): Promise<Observed> {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-csv-'));
  try {
    const out = join(dir, TARGET);
    if (options.existingTarget === true) writeFileSync(out, PREVIOUS_EXPORT);
    const args = ['--alias', ALIAS, '--cluster', String(CLUSTER_ID), '--base-url', target.url];
    args.push('--out', out, ...(options.allowIncomplete === true ? ['--allow-incomplete'] : []));
    const result = await runBin(
      builtBin('@clusterstream/csv-export'),
      args,
      {
        DOOKI_USER_TOKEN: CREDENTIALS.userToken,
        DOOKI_USER_SECRET_KEY: CREDENTIALS.userSecretKey,
        DOOKI_RETRY_DELAY_MS: '1',
        DOOKI_RETRY_MAX_MS: '5',
        DOOKI_REQUEST_TIMEOUT_MS: String(options.timeoutMs ?? 10_000),
        DOOKI_RATE_LIMIT: options.rateLimit ?? '10000/50',
      },
      guard.signal,
    );
    await target.settled();
    return {
      exit: result.exit,
      errorCode: firstErrorCode(result.stderr),
      message: result.stderr,
      ...readTarget(out, options.existingTarget === true),
      leftovers: readdirSync(dir).filter((name) => name !== TARGET),
      requests: target.requests(),
      closedEarly: target.closedEarly(),
      otherOrigin: target.otherOrigin(),
      stopped: guard.stopped,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readTarget(path: string, existed: boolean): Pick<Observed, 'output' | 'ids'> {
  if (!existsSync(path)) return { output: 'no file', ids: [] };
  const text = readFileSync(path, 'utf8');
  if (existed && text === PREVIOUS_EXPORT) return { output: 'untouched', ids: [] };
  const { rows } = parseCsv(text);
  return { output: rows.length, ids: rows.map(([id]) => Number(id)) };
}
