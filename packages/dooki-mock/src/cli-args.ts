import { parseFlags, parseInteger, parseRateLimit, UsageError } from '@clusterstream/cli-kit';
import { ALIAS_PATTERN, DEFAULT_ALIAS, DEFAULT_CREDENTIALS } from './state.js';
import { generateStores } from './store-generator.js';
import type { ClusterSpec, LinksStyle, MockApiOptions } from './types.js';

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
  --rate-limit <n>/<ms> n requests per window of ms per route and credential,
                        or "off" (default 60/60000, written as the other CLIs write it)
  --strings             pagination numbers as numeric strings ("10")
  --links <style>       fractal | object | empty-string | null | missing (default fractal)
  --token <value>       accepted User-Token (default ${DEFAULT_CREDENTIALS.userToken})
  --secret <value>      accepted User-Secret-Key (default ${DEFAULT_CREDENTIALS.userSecretKey})
  -h, --help            show this help

Many stores (one process, each store with its own credentials, clusters and rate budget):
  --stores <n>               serve n stores, aliases store-001..; replaces --alias,
                             --token, --secret, --customers and --clusters
  --clusters-per-store <n>   clusters 1..n in every store (default 2)
  --members <n>              members of every cluster (default 1000)
  --stores-file <path>       write {url, adminUrl, stores: [{alias, credentials:
                             {userToken, userSecretKey}, clusters: [{id, size}]}]}
                             as JSON to path, mode 0600 (it holds credentials);
                             without it, --stores prints every store's credentials
  Credentials are deterministic from --seed and the alias (see the README).

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
  stores: { type: 'string' },
  'clusters-per-store': { type: 'string' },
  members: { type: 'string' },
  'stores-file': { type: 'string' },
} as const;

/** Flags that describe the single store, meaningless with `--stores`. */
const SINGLE_STORE_FLAGS = ['alias', 'token', 'secret', 'customers', 'clusters'] as const;
const MANY_STORES_FLAGS = ['clusters-per-store', 'members'] as const;

/**
 * Parsed command line: a help request, or the options for startMockApi plus, when asked for,
 * where to write the stores file.
 */
export type CliCommand =
  { help: true } | { help: false; options: MockApiOptions; storesFile?: string };

/** Parses and validates `dooki-mock` arguments; throws {@link UsageError} on bad input. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const values = parseFlags(argv, OPTIONS);
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
  if (!ALIAS_PATTERN.test(alias)) {
    throw new UsageError(`--alias must be letters, digits and dashes, got "${alias}"`);
  }
  const options: MockApiOptions = {
    host: values.host ?? '127.0.0.1',
    port: integer('--port', values.port, 0, 0, 65_535),
    seed: integer('--seed', values.seed, 1, Number.MIN_SAFE_INTEGER),
    latencyMs: integer('--latency', values.latency, 0, 0),
    rateLimit: parseRateLimit(values['rate-limit'] ?? '60/60000'),
    quirks: { numbersAsStrings: values.strings ?? false, links: links as LinksStyle },
  };
  const storesFile = values['stores-file'];
  if (storesFile !== undefined) nonEmpty('--stores-file', storesFile);
  const withFile = storesFile === undefined ? {} : { storesFile };
  if (values.stores !== undefined) {
    const clash = SINGLE_STORE_FLAGS.find((flag) => values[flag] !== undefined);
    if (clash) throw new UsageError(`--${clash} cannot be combined with --stores`);
    const stores = generateStores({
      count: integer('--stores', values.stores, 1, 1, 10_000),
      clustersPerStore: integer('--clusters-per-store', values['clusters-per-store'], 2, 1, 1000),
      membersPerCluster: integer('--members', values.members, 1000, 0),
      seed: options.seed,
    });
    return { help: false, options: { ...options, stores }, ...withFile };
  }
  const stray = MANY_STORES_FLAGS.find((flag) => values[flag] !== undefined);
  if (stray) throw new UsageError(`--${stray} needs --stores`);
  return {
    help: false,
    options: {
      ...options,
      alias,
      clusters,
      credentials: {
        userToken: nonEmpty('--token', values.token ?? DEFAULT_CREDENTIALS.userToken),
        userSecretKey: nonEmpty('--secret', values.secret ?? DEFAULT_CREDENTIALS.userSecretKey),
      },
    },
    ...withFile,
  };
}

function integer(
  flag: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  return raw === undefined ? fallback : parseInteger(raw, flag, min, max);
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} must not be empty`);
  return value;
}

export { UsageError };
