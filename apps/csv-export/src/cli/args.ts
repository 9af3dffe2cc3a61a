import { parseArgs, type ParseArgsConfig } from 'node:util';
import { insecureUrlReason } from '@clusterstream/core';
import { FORMAT_NAMES, isFormatName, type FormatName } from '../format/presets.js';
import { UsageError } from './usage-error.js';
import type { AudienceExportOptions } from '../audience/audience-export.js';
import { AUDIENCE_OPTIONS, parseAudienceFlags } from './audience-args.js';

const OPTIONS = {
  alias: { type: 'string', short: 'a' },
  cluster: { type: 'string', short: 'c', multiple: true },
  'all-clusters': { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  columns: { type: 'string' },
  format: { type: 'string', short: 'f' },
  gzip: { type: 'boolean', short: 'z' },
  'include-secrets': { type: 'boolean' },
  limit: { type: 'string' },
  'page-size': { type: 'string' },
  'base-url': { type: 'string' },
  'user-token': { type: 'string' },
  'user-secret-key': { type: 'string' },
  'allow-incomplete': { type: 'boolean' },
  'allow-insecure-http': { type: 'boolean' },
  progress: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  ...AUDIENCE_OPTIONS,
} as const satisfies ParseArgsConfig['options'];

/** A fully validated export request from the command line. */
export interface ExportCommand {
  kind: 'export';
  alias: string;
  clusters: number[] | 'all';
  /** A path, `-` for stdout, or undefined (stdout when it is not a terminal). */
  out: string | undefined;
  columns: string | undefined;
  format: FormatName;
  gzip: boolean;
  includeSecrets: boolean;
  limit: number | undefined;
  pageSize: number | undefined;
  baseUrl: string | undefined;
  /** Write the file even when a scan is incomplete or inconsistent (`--allow-incomplete`). */
  allowIncomplete: boolean;
  /** Accept a plain http:// base URL to a non-loopback host (`--allow-insecure-http`). */
  allowInsecureHttp: boolean;
  userToken: string;
  userSecretKey: string;
  progress: 'auto' | 'always' | 'never';
  /** No progress and no final summary; errors are still printed. */
  quiet: boolean;
  /** Non-fatal remarks for stderr (credentials given as flags). */
  warnings: string[];
  /** `--preset`: an ad platform's customer file instead of columns. */
  audience: AudienceExportOptions | undefined;
}

export type Command = { kind: 'help' } | { kind: 'version' } | ExportCommand;

const positiveInteger = (text: string, option: string, max = Number.MAX_SAFE_INTEGER): number => {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > max) {
    throw new UsageError(`--${option} must be an integer from 1 to ${max}, got "${text}"`);
  }
  return value;
};

const parseClusters = (values: string[] | undefined, all: boolean): number[] | 'all' => {
  const ids = (values ?? [])
    .flatMap((value) => value.split(','))
    .map((id) => positiveInteger(id, 'cluster'));
  if (all && ids.length > 0)
    throw new UsageError('use either --cluster or --all-clusters, not both');
  if (all) return 'all';
  if (ids.length === 0) throw new UsageError('missing --cluster <id> (or --all-clusters)');
  return [...new Set(ids)];
};

const httpUrl = (text: string, allowInsecureHttp: boolean): string => {
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
    throw new UsageError(
      `--base-url must be an http(s) URL such as https://api.dooki.com.br/v2, got "${text}"`,
    );
  }
  const insecure = insecureUrlReason(new URL(text), allowInsecureHttp);
  if (insecure !== null) throw new UsageError(`--base-url: ${insecure} (--allow-insecure-http)`);
  return text;
};

const credential = (
  flag: string | undefined,
  envValue: string | undefined,
  names: { flag: string; env: string },
  warnings: string[],
): string => {
  if (flag !== undefined) {
    warnings.push(
      `--${names.flag} is visible to other users in the process list; prefer ${names.env}`,
    );
    return flag;
  }
  if (envValue === undefined || envValue === '') {
    throw new UsageError(`missing credentials: set ${names.env} (or pass --${names.flag})`);
  }
  return envValue;
};

/**
 * Parses and validates `dooki-csv` arguments.
 *
 * @example
 * parseCommand(['--alias', 'demo-store', '--cluster', '1,2'], process.env);
 * @throws {UsageError} for unknown options, missing or malformed values, and missing credentials
 */
export const parseCommand = (argv: readonly string[], env: NodeJS.ProcessEnv): Command => {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? String(error));
  }
  if (values.help === true) return { kind: 'help' };
  if (values.version === true) return { kind: 'version' };
  const alias = values.alias?.trim();
  if (alias === undefined || alias === '') throw new UsageError('missing --alias <store>');
  const format = values.format ?? 'rfc4180';
  if (!isFormatName(format)) {
    throw new UsageError(`--format must be one of ${FORMAT_NAMES.join(', ')}, got "${format}"`);
  }
  if (values.progress === true && values.quiet === true) {
    throw new UsageError('--progress and --quiet contradict each other');
  }
  const warnings: string[] = [];
  return {
    kind: 'export',
    alias,
    clusters: parseClusters(values.cluster, values['all-clusters'] ?? false),
    out: values.out,
    columns: values.columns,
    format,
    gzip: values.gzip ?? false,
    includeSecrets: values['include-secrets'] ?? false,
    limit: values.limit === undefined ? undefined : positiveInteger(values.limit, 'limit'),
    pageSize:
      values['page-size'] === undefined
        ? undefined
        : positiveInteger(values['page-size'], 'page-size', 100),
    baseUrl:
      values['base-url'] === undefined
        ? undefined
        : httpUrl(values['base-url'], values['allow-insecure-http'] ?? false),
    allowIncomplete: values['allow-incomplete'] ?? false,
    allowInsecureHttp: values['allow-insecure-http'] ?? false,
    userToken: credential(
      values['user-token'],
      env.DOOKI_USER_TOKEN,
      { flag: 'user-token', env: 'DOOKI_USER_TOKEN' },
      warnings,
    ),
    userSecretKey: credential(
      values['user-secret-key'],
      env.DOOKI_USER_SECRET_KEY,
      { flag: 'user-secret-key', env: 'DOOKI_USER_SECRET_KEY' },
      warnings,
    ),
    progress: values.quiet === true ? 'never' : values.progress === true ? 'always' : 'auto',
    quiet: values.quiet ?? false,
    warnings,
    audience: parseAudienceFlags(values),
  };
};
