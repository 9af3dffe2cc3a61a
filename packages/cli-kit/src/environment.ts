import { UsageError } from './usage-error.js';

/**
 * Environment variables every clusterstream CLI reads, with the older names each replaces.
 * An old name still works, with a deprecation warning, when the new one is unset.
 */
export const ENVIRONMENT = {
  DOOKI_USER_TOKEN: [],
  DOOKI_USER_SECRET_KEY: [],
  DOOKI_REQUEST_TIMEOUT_MS: ['DOOKI_CSV_TIMEOUT_MS'],
  DOOKI_RETRY_DELAY_MS: ['DOOKI_CSV_RETRY_BASE_MS'],
  DOOKI_RETRY_MAX_MS: ['DOOKI_CSV_RETRY_MAX_MS'],
  DOOKI_RATE_LIMIT: ['DOOKI_CSV_RATE_LIMIT'],
  DOOKI_TRANSPORT: [],
} as const satisfies Record<string, readonly string[]>;

export type EnvironmentName = keyof typeof ENVIRONMENT;

/** A variable's value by its current name, else by a deprecated one (noting a warning). */
export function readEnvironment(
  env: NodeJS.ProcessEnv,
  name: EnvironmentName,
  warnings: string[],
): string | undefined {
  const value = env[name];
  if (value !== undefined && value !== '') return value;
  for (const old of ENVIRONMENT[name] as readonly string[]) {
    const legacy = env[old];
    if (legacy !== undefined && legacy !== '') {
      warnings.push(`${old} is deprecated and will be removed: use ${name}`);
      return legacy;
    }
  }
  return undefined;
}

/** The warning for a secret given as a flag: other users of the machine can read process lists. */
export const secretFlagWarning = (flag: string, env: string): string =>
  `--${flag} is visible to other users in the process list; prefer ${env}`;

/**
 * A credential from its flag (warned: process lists show it) or its environment variable;
 * a {@link UsageError} saying which variable to set when neither is given.
 */
export function readCredential(
  flagValue: string | undefined,
  env: NodeJS.ProcessEnv,
  names: { flag: string; env: 'DOOKI_USER_TOKEN' | 'DOOKI_USER_SECRET_KEY' },
  warnings: string[],
): string {
  if (flagValue !== undefined) {
    warnings.push(secretFlagWarning(names.flag, names.env));
    return flagValue;
  }
  const value = readEnvironment(env, names.env, warnings);
  if (value === undefined) {
    throw new UsageError(`missing credentials: set ${names.env} (or pass --${names.flag})`);
  }
  return value;
}
