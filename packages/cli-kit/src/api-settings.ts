import { readCredential, readEnvironment, type EnvironmentName } from './environment.js';
import { stringFlag, type FlagSpec, type FlagValues } from './flags.js';
import { parseInteger, parseRateLimit } from './parse-values.js';
import { UsageError } from './usage-error.js';

/** The transports core offers; the CLIs default to node:http (fewer allocations per page). */
export const TRANSPORT_NAMES = ['node-http', 'fetch'] as const;
export type TransportName = (typeof TRANSPORT_NAMES)[number];

/** The flags of every command that talks to the Dooki API. */
export const API_FLAGS = {
  alias: { type: 'string', short: 'a' },
  'base-url': { type: 'string' },
  'user-token': { type: 'string' },
  'user-secret-key': { type: 'string' },
  'allow-insecure-http': { type: 'boolean' },
  'page-size': { type: 'string' },
  'request-timeout': { type: 'string' },
  retries: { type: 'string' },
  'retry-delay': { type: 'string' },
  'rate-limit': { type: 'string' },
  transport: { type: 'string' },
} as const satisfies FlagSpec;

/** `--help` lines for {@link API_FLAGS}, aligned at column 30. */
export const API_FLAGS_HELP = `API:
  -a, --alias <store>         store alias (the name in https://api.dooki.com.br/v2/<store>)
      --base-url <url>        API base URL (default https://api.dooki.com.br/v2)
      --allow-insecure-http   accept a plain http:// URL to a host other than this machine
      --page-size <n>         customers per request, 1-100 (default 100)
      --user-token <t>        credential flags (visible in process lists: prefer
      --user-secret-key <k>   DOOKI_USER_TOKEN and DOOKI_USER_SECRET_KEY)

Tuning (tests, unusual APIs; flag or environment variable):
      --request-timeout <ms>  DOOKI_REQUEST_TIMEOUT_MS  per request (default 30000)
      --retries <n>           retries for 5xx, network errors, timeouts (default 5)
      --retry-delay <ms>      DOOKI_RETRY_DELAY_MS      first backoff (default 500)
                              DOOKI_RETRY_MAX_MS        longest backoff (default 30000)
      --rate-limit <n>/<ms>   DOOKI_RATE_LIMIT          quota assumed until the API's headers
                              arrive, or off (default 60/60000)
      --transport <name>      DOOKI_TRANSPORT           node-http (default) or fetch
`;

/** Everything a CLI needs to build a core client, validated. */
export interface ApiSettings {
  alias: string;
  baseUrl: string | undefined;
  userToken: string;
  userSecretKey: string;
  allowInsecureHttp: boolean;
  pageSize: number | undefined;
  timeoutMs: number | undefined;
  retry: { retries?: number; baseDelayMs?: number; maxDelayMs?: number };
  rateLimit: { limit: number; windowMs: number } | false | undefined;
  transport: TransportName;
}

/** Rules the caller brings, so this package needs no `@clusterstream/core`. */
export interface ApiSettingsPolicy {
  /** Core's `insecureUrlReason`: why a plain-http URL is refused, or null. */
  insecureUrlReason?: (url: URL, allowInsecureHttp: boolean) => string | null;
}

/** A flag, else its environment variable, else undefined; errors name where the value came from. */
function flagOrEnvironment(
  values: FlagValues,
  flag: string | null,
  env: NodeJS.ProcessEnv,
  name: EnvironmentName,
  warnings: string[],
): { text: string; source: string } | undefined {
  const fromFlag = flag === null ? undefined : stringFlag(values, flag);
  if (fromFlag !== undefined) return { text: fromFlag, source: `--${flag}` };
  const fromEnv = readEnvironment(env, name, warnings);
  return fromEnv === undefined ? undefined : { text: fromEnv, source: name };
}

const integer = (
  given: { text: string; source: string } | undefined,
  min: number,
  max: number,
): number | undefined =>
  given === undefined ? undefined : parseInteger(given.text, given.source, min, max);

/**
 * Reads the {@link API_FLAGS} and the shared environment variables. Remarks that are not
 * errors (a credential given as a flag, a deprecated variable) are pushed to `warnings`.
 * Option values core checks itself (alias shape, base URL safety) are left to core, whose
 * `DOOKI_ERR_INVALID_OPTIONS` is a usage error too.
 *
 * @throws {UsageError} for a missing alias or credential, or a malformed number.
 */
export function parseApiSettings(
  values: FlagValues,
  env: NodeJS.ProcessEnv,
  warnings: string[],
  policy: ApiSettingsPolicy = {},
): ApiSettings {
  const alias = stringFlag(values, 'alias')?.trim();
  if (alias === undefined || alias === '') throw new UsageError('missing --alias <store>');
  const baseUrl = stringFlag(values, 'base-url');
  const allowInsecureHttp = values['allow-insecure-http'] === true;
  if (baseUrl !== undefined) {
    if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
      throw new UsageError(
        `--base-url must be an http(s) URL such as https://api.dooki.com.br/v2, got "${baseUrl}"`,
      );
    }
    const insecure = policy.insecureUrlReason?.(new URL(baseUrl), allowInsecureHttp) ?? null;
    if (insecure !== null) {
      throw new UsageError(`--base-url: ${insecure}; to send anyway, pass --allow-insecure-http`);
    }
  }
  const rateLimit = flagOrEnvironment(values, 'rate-limit', env, 'DOOKI_RATE_LIMIT', warnings);
  const transport =
    flagOrEnvironment(values, 'transport', env, 'DOOKI_TRANSPORT', warnings)?.text ?? 'node-http';
  if (!(TRANSPORT_NAMES as readonly string[]).includes(transport)) {
    throw new UsageError(`--transport must be node-http or fetch, got "${transport}"`);
  }
  const retries = stringFlag(values, 'retries');
  return {
    alias,
    baseUrl,
    userToken: readCredential(
      stringFlag(values, 'user-token'),
      env,
      { flag: 'user-token', env: 'DOOKI_USER_TOKEN' },
      warnings,
    ),
    userSecretKey: readCredential(
      stringFlag(values, 'user-secret-key'),
      env,
      { flag: 'user-secret-key', env: 'DOOKI_USER_SECRET_KEY' },
      warnings,
    ),
    allowInsecureHttp,
    pageSize: integer(
      stringFlag(values, 'page-size') === undefined
        ? undefined
        : { text: stringFlag(values, 'page-size')!, source: '--page-size' },
      1,
      100,
    ),
    timeoutMs: integer(
      flagOrEnvironment(values, 'request-timeout', env, 'DOOKI_REQUEST_TIMEOUT_MS', warnings),
      1,
      600_000,
    ),
    // Core reads an undefined option as its default, so unset values need no special case.
    retry: {
      ...(retries === undefined ? {} : { retries: parseInteger(retries, '--retries', 0, 50) }),
      ...optional(
        'baseDelayMs',
        integer(
          flagOrEnvironment(values, 'retry-delay', env, 'DOOKI_RETRY_DELAY_MS', warnings),
          0,
          600_000,
        ),
      ),
      ...optional(
        'maxDelayMs',
        integer(flagOrEnvironment(values, null, env, 'DOOKI_RETRY_MAX_MS', warnings), 0, 3_600_000),
      ),
    },
    rateLimit:
      rateLimit === undefined ? undefined : parseRateLimit(rateLimit.text, rateLimit.source),
    transport: transport as TransportName,
  };
}

const optional = <K extends string>(key: K, value: number | undefined): { [P in K]?: number } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
