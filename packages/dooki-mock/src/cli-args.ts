import { parseArgs } from 'node:util';
import { DEFAULT_ALIAS, DEFAULT_CREDENTIALS } from './state.js';
import type { ClusterSpec, LinksStyle, MockApiOptions } from './types.js';

/** Bad command-line input; the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const HELP = `Usage: dooki-mock [options]

Runs the Dooki API v2 simulator (customer-cluster routes) until SIGINT/SIGTERM.

Options:
  --port <n>            port to listen on (default 0: any free port)
  --host <addr>         address to bind (default 127.0.0.1)
  --alias <name>        store alias in the URL (default ${DEFAULT_ALIAS})
  --customers <n>       members of cluster 1 (default 1000); cluster k has floor(n / k)
  --clusters <n>        how many clusters, ids 1..n (default 2)
  --seed <n>            data seed; same seed, same customers (default 1)
  --latency <ms>        delay added to every API response (default 0)
  --rate-limit <n>/<s>  n requests per s seconds per route and credential,
                        or "off" (default 60/60)
  --strings             pagination numbers as numeric strings ("10")
  --links <style>       fractal | object | empty-string | null | missing (default fractal)
  --token <value>       accepted User-Token (default ${DEFAULT_CREDENTIALS.userToken})
  --secret <value>      accepted User-Secret-Key (default ${DEFAULT_CREDENTIALS.userSecretKey})
  -h, --help            show this help

Exit codes: 0 stopped by a signal, 1 could not start (e.g. port in use), 2 bad arguments.
`;

const LINK_STYLES: readonly LinksStyle[] = ['fractal', 'object', 'empty-string', 'null', 'missing'];

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  alias: { type: 'string' },
  customers: { type: 'string' },
  clusters: { type: 'string' },
  seed: { type: 'string' },
  latency: { type: 'string' },
  'rate-limit': { type: 'string' },
  strings: { type: 'boolean' },
  links: { type: 'string' },
  token: { type: 'string' },
  secret: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parsed command line: either a help request or the options for startMockApi. */
export type CliCommand = { help: true } | { help: false; options: MockApiOptions };

/** Parses and validates `dooki-mock` arguments; throws {@link UsageError} on bad input. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const values = parse(argv);
  if (values.help) return { help: true };
  const customers = integer('--customers', values.customers, 1000, 0);
  const clusterCount = integer('--clusters', values.clusters, 2, 1, 1000);
  const clusters: ClusterSpec[] = Array.from({ length: clusterCount }, (_, i) => ({
    id: i + 1,
    size: Math.floor(customers / (i + 1)),
  }));
  const links = values.links ?? 'fractal';
  if (!(LINK_STYLES as readonly string[]).includes(links)) {
    throw new UsageError(`--links must be one of ${LINK_STYLES.join(', ')}, got "${links}"`);
  }
  const alias = values.alias ?? DEFAULT_ALIAS;
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(alias)) {
    throw new UsageError(`--alias must be letters, digits and dashes, got "${alias}"`);
  }
  return {
    help: false,
    options: {
      host: values.host ?? '127.0.0.1',
      port: integer('--port', values.port, 0, 0, 65_535),
      alias,
      seed: integer('--seed', values.seed, 1, Number.MIN_SAFE_INTEGER),
      clusters,
      latencyMs: integer('--latency', values.latency, 0, 0),
      rateLimit: rateLimit(values['rate-limit'] ?? '60/60'),
      quirks: { numbersAsStrings: values.strings ?? false, links: links as LinksStyle },
      credentials: {
        userToken: nonEmpty('--token', values.token ?? DEFAULT_CREDENTIALS.userToken),
        userSecretKey: nonEmpty('--secret', values.secret ?? DEFAULT_CREDENTIALS.userSecretKey),
      },
    },
  };
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: OPTIONS })
      .values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function integer(
  flag: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function rateLimit(raw: string): MockApiOptions['rateLimit'] {
  if (raw === 'off') return false;
  const found = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(raw.trim());
  const limit = Number(found?.[1]);
  const seconds = Number(found?.[2]);
  if (!found || limit < 1 || !(seconds > 0)) {
    throw new UsageError(
      `--rate-limit must look like 60/60 (requests/seconds) or "off", got "${raw}"`,
    );
  }
  return { limit, windowMs: seconds * 1000 };
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} must not be empty`);
  return value;
}
