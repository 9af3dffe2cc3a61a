// PLACEHOLDER until the state-layer branch lands (its pool.ts replaces this file).
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { redactPassword } from '../database-url.js';
import { postgresPoolConfig } from './postgres-backend.js';

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03']);
export const isDatabaseUnreachable = (error: unknown): boolean =>
  UNREACHABLE_CODES.has(String((error as { code?: unknown }).code)) ||
  String((error as { code?: unknown }).code).startsWith('08') ||
  /Connection terminated/i.test((error as Error).message);

class WaitingPool extends pg.Pool {
  constructor(
    config: pg.PoolConfig,
    private readonly until: AbortSignal,
  ) {
    super(config);
  }
  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override connect(callback?: any): any {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
    if (callback !== undefined) return super.connect(callback);
    return (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await super.connect();
        } catch (error) {
          if (this.until.aborted || !isDatabaseUnreachable(error)) throw error;
          await sleep(Math.min(2_000, 100 * 2 ** attempt));
        }
      }
    })();
  }
}

export function createPostgresPool(
  url: string,
  options: { max?: number; log?: (line: string) => void; waitWhileUnreachable?: AbortSignal } = {},
): pg.Pool {
  const config = { ...postgresPoolConfig(url), ...(options.max ? { max: options.max } : {}) };
  const pool = options.waitWhileUnreachable
    ? new WaitingPool(config, options.waitWhileUnreachable)
    : new pg.Pool(config);
  const log = (error: Error): void =>
    options.log?.(redactPassword(`database connection lost: ${error.message}`, url));
  pool.on('error', log);
  pool.on('connect', (client) =>
    client.on('error', (error) => {
      labelConnectionFailure(error);
      log(error);
    }),
  );
  return pool;
}

/**
 * pg reports a connection that ends under a query without a code. Its 'error' event fires before
 * the query's rejection is handled, so the error is labelled here with SQLSTATE 08006
 * (connection_failure): every retry table keyed by code (graphile-worker's, the state's
 * write-error mapping) then sees it for what it is.
 */
function labelConnectionFailure(error: Error): void {
  const labelled = error as Error & { code?: string };
  if (labelled.code === undefined && /Connection terminated/i.test(error.message))
    labelled.code = '08006';
}
