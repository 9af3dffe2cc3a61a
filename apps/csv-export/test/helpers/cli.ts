import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  DEFAULT_ALIAS,
  DEFAULT_CREDENTIALS,
  startMockApi,
  type MockApi,
  type MockApiOptions,
} from '@clusterstream/dooki-mock';
import { run } from '../../src/cli/run.js';

/** A Writable that keeps everything written to it. */
export class Capture extends Writable {
  readonly chunks: Buffer[] = [];
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }
  get buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
  get text(): string {
    return this.buffer.toString('utf8');
  }
}

/** Credentials of the mock plus fast retries and 50 ms rate-limit waits (test-only knobs). */
export const testEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  DOOKI_USER_TOKEN: DEFAULT_CREDENTIALS.userToken,
  DOOKI_USER_SECRET_KEY: DEFAULT_CREDENTIALS.userSecretKey,
  DOOKI_RATE_LIMIT: '10000/50',
  DOOKI_RETRY_DELAY_MS: '5',
  DOOKI_RETRY_MAX_MS: '20',
  ...extra,
});

export interface CliResult {
  code: number;
  stdout: Capture;
  stderr: string;
}

/** Runs `dooki-csv` in-process with captured streams. */
export const runCli = async (
  argv: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    signal?: AbortSignal;
    stderrTTY?: boolean;
  } = {},
): Promise<CliResult> => {
  const stdout = new Capture();
  const stderr = new Capture(options.stderrTTY ?? false);
  const code = await run(argv, {
    env: options.env ?? testEnv(),
    stdout,
    stderr,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { code, stdout, stderr: stderr.text };
};

/** Arguments that point the CLI at a running mock. */
export const mockArgs = (api: MockApi, ...rest: string[]): string[] => [
  '--alias',
  DEFAULT_ALIAS,
  '--base-url',
  api.url,
  ...rest,
];

/** The simulator's log of requests for cluster customers (pages), oldest first. */
export const customerRequests = (api: MockApi): MockApi['requests'] =>
  api.requests.filter((entry) => entry.route === 'cluster-customers');

/** A mock without rate limiting, for tests that are not about it. */
export const startTestMock = (options: MockApiOptions): Promise<MockApi> =>
  startMockApi({ rateLimit: false, ...options });

/** A fresh temporary directory, removed by the returned function. */
export const tempDir = (): { path: string; remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), 'dooki-csv-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};
