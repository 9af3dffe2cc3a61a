import { DEFAULT_CREDENTIALS } from '@clusterstream/dooki-mock';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';

/** A Writable that keeps what was written. */
export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
  lines(): unknown[] {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as unknown);
  }
}

export const CREDENTIAL_ENV = {
  DOOKI_USER_TOKEN: DEFAULT_CREDENTIALS.userToken,
  DOOKI_USER_SECRET_KEY: DEFAULT_CREDENTIALS.userSecretKey,
};

/** Flags that keep CLI runs against the simulator fast. */
export const FAST_FLAGS = [
  '--rate-limit',
  'off',
  '--retries',
  '1',
  '--retry-delay',
  '5',
  '--request-timeout',
  '2000',
];

/** `--alias … --cluster <id> --state <file> --base-url <url>` plus the fast flags. */
export function watchArgs(baseUrl: string, state: string, cluster = '1'): string[] {
  return [
    '--alias',
    'demo-store',
    '--cluster',
    cluster,
    '--state',
    state,
    '--base-url',
    baseUrl,
    ...FAST_FLAGS,
  ];
}

/** Runs the CLI in-process and returns its exit code and output. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = CREDENTIAL_ENV) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, { stdout, stderr, env, signal: new AbortController().signal });
  return { code, stdout, stderr };
}
