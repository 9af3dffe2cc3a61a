import {
  parseInteger,
  secretFlagWarning,
  stringFlag as str,
  UsageError,
  type FlagValues as Values,
} from '@clusterstream/cli-kit';
import { webhookUrlProblem } from '../webhooks/webhook-url.js';
import { isPostgresUrl } from '../state/database-url.js';

export { parseFlags } from '@clusterstream/cli-kit';
export { str, type Values };

/** Flags shared by every command that opens the state file or sends events. */
export const COMMON_FLAGS = {
  state: { type: 'string' },
  out: { type: 'string' },
  webhook: { type: 'string' },
  'webhook-secret': { type: 'string' },
  'webhook-timeout': { type: 'string' },
  'webhook-retries': { type: 'string' },
  'webhook-retry-delay': { type: 'string' },
  'reenable-webhook': { type: 'boolean', default: false },
  'allow-insecure-http': { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Where events go and how webhooks behave; shared by `watch` and `replay`. */
export interface SinkArgs {
  statePath: string;
  out: string | null;
  webhook: {
    url: string;
    secret: string;
    timeoutMs: number;
    retries: number;
    baseDelayMs: number;
  } | null;
  reenableWebhook: boolean;
  /** Plain `http://` to hosts other than this machine is accepted. */
  allowInsecureHttp: boolean;
  /** Non-fatal remarks for stderr: secrets given as flags (process lists show them). */
  warnings: string[];
  quiet: boolean;
}

/** Flags of this module that carry a secret, and the environment variable to use instead. */
const SECRET_FLAG_ENV = {
  'webhook-secret': 'DOOKI_WATCH_WEBHOOK_SECRET',
  state: 'DOOKI_WATCH_DATABASE_URL',
} as const;

/** Warnings for the secret-bearing flags present in `values`. */
function secretFlagWarnings(values: Values): string[] {
  return (Object.keys(SECRET_FLAG_ENV) as (keyof typeof SECRET_FLAG_ENV)[])
    .filter((flag) =>
      // --state carries a secret only as a database URL with a password.
      flag === 'state' ? hasPassword(str(values, 'state')) : values[flag] !== undefined,
    )
    .map((flag) => secretFlagWarning(flag, SECRET_FLAG_ENV[flag]));
}

/** The sink and state flags, validated. */
export function parseSinkArgs(values: Values, env: NodeJS.ProcessEnv): SinkArgs {
  const url = str(values, 'webhook');
  const allowInsecureHttp = values['allow-insecure-http'] === true;
  let webhook: SinkArgs['webhook'] = null;
  if (url !== undefined) {
    const secret = str(values, 'webhook-secret') ?? env.DOOKI_WATCH_WEBHOOK_SECRET;
    if (!secret)
      throw new UsageError('--webhook needs a secret: set DOOKI_WATCH_WEBHOOK_SECRET (whsec_...)');
    if (!/^whsec_[A-Za-z0-9+/=]{32,}$/.test(secret)) {
      throw new UsageError(
        'the webhook secret must be "whsec_" followed by base64 of at least 24 bytes',
      );
    }
    const problem = webhookUrlProblem(url, allowInsecureHttp);
    if (problem !== null) throw new UsageError(`--webhook: ${problem}`);
    webhook = {
      url,
      secret,
      timeoutMs: parseInteger(
        str(values, 'webhook-timeout') ?? '15000',
        '--webhook-timeout',
        1,
        600_000,
      ),
      retries: parseInteger(str(values, 'webhook-retries') ?? '5', '--webhook-retries', 0, 100),
      baseDelayMs: parseInteger(
        str(values, 'webhook-retry-delay') ?? '1000',
        '--webhook-retry-delay',
        0,
        3_600_000,
      ),
    };
  }
  const out = str(values, 'out') ?? null;
  if (out === '') throw new UsageError('--out needs a file path, or - for stdout');
  return {
    statePath: str(values, 'state') ?? env.DOOKI_WATCH_DATABASE_URL ?? './dooki-watch.db',
    out,
    webhook,
    reenableWebhook: values['reenable-webhook'] === true,
    allowInsecureHttp,
    warnings: secretFlagWarnings(values),
    quiet: values.quiet === true,
  };
}

/** Whether a postgres:// location carries a password (process lists would show it). */
export function hasPassword(location: string | undefined): boolean {
  if (location === undefined || !isPostgresUrl(location)) return false;
  try {
    return new URL(location).password !== '';
  } catch {
    return false;
  }
}
