import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes.js';
import { parseInteger } from './parse-values.js';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

/** Flags shared by every command that opens the state file or sends events. */
export const COMMON_FLAGS = {
  state: { type: 'string', default: './dooki-watch.db' },
  out: { type: 'string' },
  webhook: { type: 'string' },
  'webhook-secret': { type: 'string' },
  'webhook-timeout': { type: 'string' },
  'webhook-retries': { type: 'string' },
  'webhook-retry-delay': { type: 'string' },
  'reenable-webhook': { type: 'boolean', default: false },
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
  quiet: boolean;
}

/** Parses flags strictly, turning node's errors into usage errors. */
export function parseFlags(argv: string[], options: ParseArgsOptionsConfig): Values {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false })
      .values as Values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The sink and state flags, validated. */
export function parseSinkArgs(values: Values, env: NodeJS.ProcessEnv): SinkArgs {
  const url = str(values, 'webhook');
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
    webhook = {
      url: checkedUrl(url, '--webhook'),
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
    statePath: str(values, 'state') ?? './dooki-watch.db',
    out,
    webhook,
    reenableWebhook: values['reenable-webhook'] === true,
    quiet: values.quiet === true,
  };
}

export function checkedUrl(text: string, flag: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return text;
  } catch {
    // fall through to the usage error
  }
  throw new UsageError(`${flag} must be an http(s) URL, got "${text}"`);
}

/** A string flag's value, if given. */
export function str(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
