import { DEFAULT_PAYLOAD_FIELDS, parseFieldList } from '../scan/customer-fields.js';
import { UsageError } from './exit-codes.js';
import {
  checkedUrl,
  COMMON_FLAGS,
  parseFlags,
  parseSinkArgs,
  str,
  type SinkArgs,
  type Values,
} from './sink-args.js';
import { parseClusterIds, parseDuration, parseInteger, parseRateLimit } from './parse-values.js';

const WATCH_FLAGS = {
  ...COMMON_FLAGS,
  alias: { type: 'string' },
  cluster: { type: 'string' },
  'all-clusters': { type: 'boolean', default: false },
  once: { type: 'boolean', default: false },
  interval: { type: 'string' },
  'emit-initial': { type: 'boolean', default: false },
  'confirm-scans': { type: 'string' },
  'max-leave-percent': { type: 'string' },
  'breaker-scans': { type: 'string' },
  'accept-mass-change': { type: 'boolean', default: false },
  fields: { type: 'string' },
  'track-updates': { type: 'string' },
  'total-tolerance': { type: 'string' },
  'base-url': { type: 'string' },
  'user-token': { type: 'string' },
  'user-secret-key': { type: 'string' },
  'page-size': { type: 'string' },
  'request-timeout': { type: 'string' },
  retries: { type: 'string' },
  'retry-delay': { type: 'string' },
  'rate-limit': { type: 'string' },
} as const;

export interface WatchArgs extends SinkArgs {
  help: boolean;
  alias: string;
  clusterIds: number[] | 'all';
  intervalMs: number | null;
  emitInitial: boolean;
  confirmScans?: number;
  maxLeaveFraction?: number;
  breakerConfirmScans?: number;
  acceptMassChange: boolean;
  payloadFields: string[];
  updateFields: string[] | null;
  totalTolerance: number;
  baseUrl?: string;
  pageSize?: number;
  credentials: { userToken: string; userSecretKey: string };
  client: {
    timeoutMs: number | undefined;
    retry: { retries: number | undefined; baseDelayMs: number | undefined };
    rateLimit: { limit: number; windowMs: number } | false | undefined;
  };
}

/** Parses `dooki-watch [watch] ...` flags; throws {@link UsageError} on anything wrong. */
export function parseWatchArgs(argv: string[], env: NodeJS.ProcessEnv): WatchArgs | { help: true } {
  const values = parseFlags(argv, WATCH_FLAGS);
  if (values.help) return { help: true };
  const alias = requireString(values, 'alias');
  if (!/^[\w.-]+$/.test(alias)) throw new UsageError(`--alias "${alias}" is not a store alias`);
  if ((values.cluster === undefined) === !values['all-clusters']) {
    throw new UsageError('give either --cluster <id>[,<id>...] or --all-clusters');
  }
  if (values.once && values.interval !== undefined) {
    throw new UsageError('--once and --interval exclude each other');
  }
  const userToken = str(values, 'user-token') ?? env.DOOKI_USER_TOKEN ?? '';
  const userSecretKey = str(values, 'user-secret-key') ?? env.DOOKI_USER_SECRET_KEY ?? '';
  if (userToken === '' || userSecretKey === '') {
    throw new UsageError('credentials missing: set DOOKI_USER_TOKEN and DOOKI_USER_SECRET_KEY');
  }
  const percent = str(values, 'max-leave-percent');
  const retries = str(values, 'retries');
  const retryDelay = str(values, 'retry-delay');
  const timeout = str(values, 'request-timeout');
  const rateLimit = str(values, 'rate-limit');
  return {
    ...parseSinkArgs(values, env),
    help: false,
    alias,
    clusterIds: values['all-clusters'] ? 'all' : parseClusterIds(values.cluster as string),
    intervalMs:
      values.interval === undefined ? null : parseDuration(values.interval as string, '--interval'),
    emitInitial: values['emit-initial'] === true,
    ...optionalInt(values, 'confirm-scans', 'confirmScans', 1, 100),
    ...optionalInt(values, 'breaker-scans', 'breakerConfirmScans', 0, 1000),
    ...(percent === undefined
      ? {}
      : { maxLeaveFraction: parseInteger(percent, '--max-leave-percent', 0, 100) / 100 }),
    acceptMassChange: values['accept-mass-change'] === true,
    payloadFields: fieldList(str(values, 'fields'), '--fields') ?? [...DEFAULT_PAYLOAD_FIELDS],
    updateFields: fieldList(str(values, 'track-updates'), '--track-updates'),
    totalTolerance: parseInteger(
      str(values, 'total-tolerance') ?? '0',
      '--total-tolerance',
      0,
      1e9,
    ),
    ...(str(values, 'base-url') === undefined
      ? {}
      : { baseUrl: checkedUrl(str(values, 'base-url')!, '--base-url') }),
    ...optionalInt(values, 'page-size', 'pageSize', 1, 100),
    credentials: { userToken, userSecretKey },
    // Core reads an undefined option as its default, so unset flags need no special case.
    client: {
      timeoutMs:
        timeout === undefined ? undefined : parseInteger(timeout, '--request-timeout', 1, 600_000),
      retry: {
        retries: retries === undefined ? undefined : parseInteger(retries, '--retries', 0, 50),
        baseDelayMs:
          retryDelay === undefined
            ? undefined
            : parseInteger(retryDelay, '--retry-delay', 0, 600_000),
      },
      rateLimit: rateLimit === undefined ? undefined : parseRateLimit(rateLimit),
    },
  };
}

function fieldList(text: string | undefined, flag: string): string[] | null {
  if (text === undefined) return null;
  try {
    const fields = parseFieldList(text.split(','), flag);
    if (fields.length === 0) throw new UsageError(`${flag} needs at least one field`);
    return fields;
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
}

function optionalInt<K extends string>(
  values: Values,
  flag: string,
  key: K,
  min: number,
  max: number,
): { [P in K]?: number } {
  const text = str(values, flag);
  return (text === undefined ? {} : { [key]: parseInteger(text, `--${flag}`, min, max) }) as {
    [P in K]?: number;
  };
}

function requireString(values: Values, name: string): string {
  const value = str(values, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}
