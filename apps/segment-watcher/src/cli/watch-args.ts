import {
  API_FLAGS,
  parseApiSettings,
  parseClusterIds,
  parseDuration,
  parseInteger,
  UsageError,
  type ApiSettings,
} from '@clusterstream/cli-kit';
import { insecureUrlReason } from '@clusterstream/core';
import { DEFAULT_PAYLOAD_FIELDS, parseFieldList } from '../scan/customer-fields.js';
import {
  COMMON_FLAGS,
  parseFlags,
  parseSinkArgs,
  str,
  type SinkArgs,
  type Values,
} from './sink-args.js';

const WATCH_FLAGS = {
  ...COMMON_FLAGS,
  ...API_FLAGS,
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
} as const;

export interface WatchArgs extends SinkArgs {
  help: boolean;
  /** Store, credentials, base URL, page size, client tuning and transport (cli-kit). */
  api: ApiSettings;
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
}

/** Parses `dooki-watch [watch] ...` flags; throws {@link UsageError} on anything wrong. */
export function parseWatchArgs(argv: string[], env: NodeJS.ProcessEnv): WatchArgs | { help: true } {
  const values = parseFlags(argv, WATCH_FLAGS);
  if (values.help) return { help: true };
  const sinks = parseSinkArgs(values, env);
  const api = parseApiSettings(values, env, sinks.warnings, { insecureUrlReason });
  if ((values.cluster === undefined) === !values['all-clusters']) {
    throw new UsageError('give either --cluster <id>[,<id>...] or --all-clusters');
  }
  if (values.once && values.interval !== undefined) {
    throw new UsageError('--once and --interval exclude each other');
  }
  const percent = str(values, 'max-leave-percent');
  return {
    ...sinks,
    help: false,
    api,
    clusterIds: values['all-clusters'] ? 'all' : parseClusterIds(values.cluster as string),
    intervalMs: values.interval === undefined ? null : parseDuration(values.interval, '--interval'),
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
