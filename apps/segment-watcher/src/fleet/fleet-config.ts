import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '@clusterstream/cli-kit';
import { insecureUrlReason } from '@clusterstream/core';
import { parseFieldList } from '../scan/customer-fields.js';
import { webhookUrlProblem } from '../webhooks/webhook-url.js';

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const envName = z
  .string()
  .regex(ENV_NAME, 'must be an environment variable NAME (A-Z, 0-9, _), not the secret itself');

/** Shortest and longest scan interval a fleet file may ask for (see `storeBudgetFloorMs` too). */
export const INTERVAL_BOUNDS_MS = { min: 1_000, max: 30 * 24 * 3_600_000 } as const;

const duration = z.string().transform((text, context) => {
  try {
    const ms = parseDuration(text, 'interval');
    if (ms < INTERVAL_BOUNDS_MS.min || ms > INTERVAL_BOUNDS_MS.max) {
      context.addIssue({
        code: 'custom',
        message: `interval ${text} is outside 1s … 30d (a scan needs its store's API budget; a longer wait is no schedule)`,
      });
      return z.NEVER;
    }
    return ms;
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** Payload fields: core's customer model, secrets (token, login URL) refused. */
const fields = z.array(z.string()).transform((list, context) => {
  try {
    return parseFieldList(list, 'fields');
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** Truth rules a store may override (the CLI's --confirm-scans and friends). */
const rules = z.strictObject({
  confirmScans: z.int().min(1).max(100).optional(),
  maxLeavePercent: z.number().min(0).max(100).optional(),
  breakerScans: z.int().min(0).max(1000).optional(),
  totalTolerance: z.int().min(0).optional(),
});

const sink = z.union([
  z.strictObject({
    webhook: z.url({ protocol: /^https?$/ }),
    secretEnv: envName,
  }),
  z.strictObject({ ndjson: z.string().min(1) }),
]);

/** A store alias is one URL path segment; `.` and `..` would leave `/v2`. */
const alias = z
  .string()
  .regex(/^[\w.-]+$/, 'is not a store alias')
  .refine((text) => !/^\.+$/.test(text), 'is not a store alias (dots alone)');

const store = z.strictObject({
  alias,
  credentials: z.strictObject({ userTokenEnv: envName, userSecretKeyEnv: envName }),
  clusters: z.union([z.literal('all'), z.array(z.int().positive()).min(1)]),
  interval: duration.optional(),
  rules: rules.optional(),
  fields: fields.optional(),
  sinks: z.array(sink).min(1),
});

const fleetSchema = z.strictObject({
  /** Defaults every store inherits. */
  interval: duration.default(15 * 60_000),
  rules: rules.default({}),
  fields: fields.optional(),
  /** API root, for tests against the simulator; default the real API. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Accept plain `http://` (baseUrl, webhooks) to hosts other than this machine. */
  allowInsecureHttp: z.boolean().default(false),
  stores: z.array(store).min(1),
});

export type FleetConfig = z.output<typeof fleetSchema>;
export type FleetStore = FleetConfig['stores'][number];

/** A fleet file that is not valid YAML or not a valid fleet, with the line at fault. */
export class FleetConfigError extends Error {
  override readonly name = 'FleetConfigError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${file} is not a valid fleet configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}

// Keys that would hold a secret inline; credentials and webhook secrets are named by env var.
const INLINE_SECRETS = new Set(['userToken', 'userSecretKey', 'secret', 'token', 'password']);

/**
 * Parses and validates a fleet file. Every problem is reported with its line (`line 12:
 * stores[1].clusters: …`); a secret written inline is refused, because the file ends up in
 * repositories and config maps while environment variables come from a secret store. Store
 * aliases must be unique: two entries for one store would double its API budget. URLs carry no
 * user name or password, and plain `http://` goes only to this machine unless
 * `allowInsecureHttp: true`.
 *
 * @example
 * const config = parseFleetConfig(await readFile('fleet.yaml', 'utf8'), 'fleet.yaml');
 */
export function parseFleetConfig(text: string, file = 'fleet.yaml'): FleetConfig {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0) {
    throw new FleetConfigError(
      file,
      document.errors.map(
        (error) => `line ${error.linePos?.[0].line ?? '?'}: ${error.message.split('\n')[0]}`,
      ),
    );
  }
  const lineOf = (path: readonly PropertyKey[]): string => {
    const line = lineAt(document, lines, path);
    return line === undefined ? '' : `line ${line}: `;
  };
  const raw = toPlainData(document, file);
  const problems = inlineSecrets(raw).map(
    (path) =>
      `${lineOf(path)}${formatPath(path)}: secrets are never written in the file; name an environment variable (userTokenEnv, userSecretKeyEnv, secretEnv)`,
  );
  const parsed = fleetSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // An unknown key is best shown on its own line, not its parent's.
      const at = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
      problems.push(`${lineOf(at)}${formatPath(issue.path)}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new FleetConfigError(file, problems);
  problems.push(
    ...crossChecks(parsed.data).map(
      ([path, message]) => `${lineOf(path)}${formatPath(path)}: ${message}`,
    ),
  );
  if (problems.length > 0) throw new FleetConfigError(file, problems);
  return parsed.data;
}

/**
 * The document as plain data. A file whose aliases expand beyond reason (a "billion laughs"
 * YAML bomb) is refused here instead of exhausting memory.
 */
function toPlainData(document: Document, file: string): unknown {
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new FleetConfigError(file, [`(top level): ${(error as Error).message}`]);
  }
}

/** Checks across fields: unique aliases, safe URLs. Each problem with the path it points at. */
function crossChecks(config: FleetConfig): [PropertyKey[], string][] {
  const problems: [PropertyKey[], string][] = [];
  const allow = config.allowInsecureHttp;
  if (config.baseUrl !== undefined) {
    const url = new URL(config.baseUrl);
    if (url.username !== '' || url.password !== '')
      problems.push([['baseUrl'], 'must not contain a user name or password']);
    const insecure = insecureUrlReason(url, allow);
    if (insecure !== null) problems.push([['baseUrl'], `${insecure} (allowInsecureHttp: true)`]);
  }
  const seen = new Map<string, number>();
  config.stores.forEach((store, index) => {
    const first = seen.get(store.alias);
    if (first !== undefined)
      problems.push([['stores', index, 'alias'], `"${store.alias}" is already stores[${first}]`]);
    seen.set(store.alias, index);
    store.sinks.forEach((sink, at) => {
      if (!('webhook' in sink)) return;
      const problem = webhookUrlProblem(sink.webhook, allow);
      if (problem !== null) problems.push([['stores', index, 'sinks', at, 'webhook'], problem]);
    });
  });
  return problems;
}

/**
 * Reads and validates a fleet file from disk; a missing file, a directory or an unreadable one
 * is a {@link FleetConfigError} too.
 */
export async function loadFleetConfig(file: string): Promise<FleetConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a fleet file'
          : (error as Error).message;
    throw new FleetConfigError(file, [`(file): ${why}`]);
  }
  return parseFleetConfig(text, file);
}

function inlineSecrets(value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => inlineSecrets(item, [...path, index]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    INLINE_SECRETS.has(key) ? [[...path, key]] : inlineSecrets(child, [...path, key]),
  );
}

/** The 1-based line of the deepest node the path reaches (its parent when the key is missing). */
function lineAt(
  document: Document,
  lines: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node =
      depth === 0 ? document.contents : document.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

const formatPath = (path: readonly PropertyKey[]): string =>
  path.length === 0
    ? '(top level)'
    : path
        .map((part, index) =>
          typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
        )
        .join('');
