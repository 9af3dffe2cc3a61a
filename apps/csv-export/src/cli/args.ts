import type { ParseArgsConfig } from 'node:util';
import {
  API_FLAGS,
  parseApiSettings,
  parseClusterIds,
  parseFlags,
  parseInteger,
  UsageError,
  type ApiSettings,
} from '@clusterstream/cli-kit';
import { insecureUrlReason } from '@clusterstream/core';
import { FORMAT_NAMES, isFormatName, type FormatName } from '../format/presets.js';
import type { AudienceExportOptions } from '../audience/audience-export.js';
import { AUDIENCE_OPTIONS, parseAudienceFlags } from './audience-args.js';

const OPTIONS = {
  ...API_FLAGS,
  cluster: { type: 'string', short: 'c', multiple: true },
  'all-clusters': { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  columns: { type: 'string' },
  format: { type: 'string', short: 'f' },
  gzip: { type: 'boolean', short: 'z' },
  'include-secrets': { type: 'boolean' },
  limit: { type: 'string' },
  'allow-incomplete': { type: 'boolean' },
  progress: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  ...AUDIENCE_OPTIONS,
} as const satisfies ParseArgsConfig['options'];

/** A fully validated export request from the command line. */
export interface ExportCommand {
  kind: 'export';
  /** Store, credentials, base URL, page size, client tuning and transport (cli-kit). */
  api: ApiSettings;
  clusters: number[] | 'all';
  /** A path, `-` for stdout, or undefined (stdout when it is not a terminal). */
  out: string | undefined;
  columns: string | undefined;
  format: FormatName;
  gzip: boolean;
  includeSecrets: boolean;
  limit: number | undefined;
  /** Write the file even when a scan is incomplete or inconsistent (`--allow-incomplete`). */
  allowIncomplete: boolean;
  progress: 'auto' | 'always' | 'never';
  /** No progress and no final summary; errors are still printed. */
  quiet: boolean;
  /** Non-fatal remarks for stderr (credentials given as flags, deprecated variables). */
  warnings: string[];
  /** `--preset`: an ad platform's customer file instead of columns. */
  audience: AudienceExportOptions | undefined;
}

export type Command = { kind: 'help' } | { kind: 'version' } | ExportCommand;

const parseClusters = (values: string[] | undefined, all: boolean): number[] | 'all' => {
  const ids = (values ?? []).flatMap((value) => parseClusterIds(value));
  if (all && ids.length > 0)
    throw new UsageError('use either --cluster or --all-clusters, not both');
  if (all) return 'all';
  if (ids.length === 0) throw new UsageError('missing --cluster <id> (or --all-clusters)');
  return [...new Set(ids)];
};

/**
 * Parses and validates `dooki-csv` arguments.
 *
 * @example
 * parseCommand(['--alias', 'demo-store', '--cluster', '1,2'], process.env);
 * @throws {UsageError} for unknown options, missing or malformed values, and missing credentials
 */
export const parseCommand = (argv: readonly string[], env: NodeJS.ProcessEnv): Command => {
  const values = parseFlags(argv, OPTIONS);
  if (values.help === true) return { kind: 'help' };
  if (values.version === true) return { kind: 'version' };
  const warnings: string[] = [];
  const api = parseApiSettings(values, env, warnings, { insecureUrlReason });
  const format = values.format ?? 'rfc4180';
  if (!isFormatName(format)) {
    throw new UsageError(`--format must be one of ${FORMAT_NAMES.join(', ')}, got "${format}"`);
  }
  if (values.progress === true && values.quiet === true) {
    throw new UsageError('--progress and --quiet contradict each other');
  }
  return {
    kind: 'export',
    api,
    clusters: parseClusters(values.cluster, values['all-clusters'] ?? false),
    out: values.out,
    columns: values.columns,
    format,
    gzip: values.gzip ?? false,
    includeSecrets: values['include-secrets'] ?? false,
    limit:
      values.limit === undefined
        ? undefined
        : parseInteger(values.limit, '--limit', 1, Number.MAX_SAFE_INTEGER),
    allowIncomplete: values['allow-incomplete'] ?? false,
    progress: values.quiet === true ? 'never' : values.progress === true ? 'always' : 'auto',
    quiet: values.quiet ?? false,
    warnings,
    audience: parseAudienceFlags(values),
  };
};
