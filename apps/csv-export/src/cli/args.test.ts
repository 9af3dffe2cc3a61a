import { describe, expect, it } from 'vitest';
import { parseCommand } from './args.js';
import { UsageError } from '@clusterstream/cli-kit';

const env = { DOOKI_USER_TOKEN: 't', DOOKI_USER_SECRET_KEY: 's' };
const base = ['--alias', 'shop'];

describe('parseCommand', () => {
  it('reads a full export command', () => {
    const command = parseCommand(
      [
        ...base,
        '-c',
        '3,4',
        '--cluster',
        '4',
        '--cluster',
        '9',
        '-o',
        '-',
        '-f',
        'excel-br',
        '-z',
        '--limit',
        '10',
        '--page-size',
        '50',
        '--base-url',
        'http://127.0.0.1:9/v2',
        '--progress',
      ],
      env,
    );
    expect(command).toMatchObject({
      kind: 'export',
      api: {
        alias: 'shop',
        pageSize: 50,
        baseUrl: 'http://127.0.0.1:9/v2',
        userToken: 't',
        userSecretKey: 's',
        transport: 'node-http',
      },
      clusters: [3, 4, 9],
      out: '-',
      format: 'excel-br',
      gzip: true,
      limit: 10,
      progress: 'always',
      quiet: false,
      warnings: [],
    });
  });

  it('has sensible defaults and --all-clusters', () => {
    expect(parseCommand([...base, '--all-clusters'], env)).toMatchObject({
      clusters: 'all',
      out: undefined,
      format: 'rfc4180',
      gzip: false,
      includeSecrets: false,
      progress: 'auto',
    });
    expect(parseCommand([...base, '--all-clusters', '-q'], env)).toMatchObject({
      progress: 'never',
      quiet: true,
    });
  });

  it('answers --help and --version before validating anything else', () => {
    expect(parseCommand(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseCommand(['-V', '--cluster', 'x'], {})).toEqual({ kind: 'version' });
  });

  it.each([
    [[], /missing --alias/],
    [['--alias', 'shop'], /missing --cluster/],
    [[...base, '--cluster', '1', '--all-clusters'], /either --cluster or --all-clusters/],
    [[...base, '--cluster', 'abc'], /--cluster takes positive integer ids/],
    [[...base, '--cluster', '0'], /--cluster takes positive integer ids/],
    [
      [...base, '--cluster', '1', '--page-size', '101'],
      /--page-size must be a whole number from 1 to 100/,
    ],
    [[...base, '--cluster', '1', '--limit', '2.5'], /--limit must be a whole number/],
    [[...base, '--cluster', '1', '--format', 'xlsx'], /--format must be one of rfc4180, excel-br/],
    [[...base, '--cluster', '1', '--base-url', 'ftp://x'], /--base-url must be an http\(s\) URL/],
    [[...base, '--cluster', '1', '--progress', '--quiet'], /contradict/],
    [[...base, '--cluster', '1', '--colums', 'id'], /Unknown option '--colums'/],
    [[...base, '--cluster', '1', 'extra'], /positional argument/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommand(argv, env)).toThrow(UsageError);
    expect(() => parseCommand(argv, env)).toThrow(message);
  });

  it('requires credentials from the environment, or flags with a warning', () => {
    expect(() => parseCommand([...base, '--cluster', '1'], {})).toThrow(
      /missing credentials: set DOOKI_USER_TOKEN/,
    );
    expect(() => parseCommand([...base, '--cluster', '1'], { DOOKI_USER_TOKEN: 't' })).toThrow(
      /set DOOKI_USER_SECRET_KEY/,
    );
    const command = parseCommand(
      [...base, '--cluster', '1', '--user-token', 'a', '--user-secret-key', 'b'],
      {},
    );
    expect(command).toMatchObject({ api: { userToken: 'a', userSecretKey: 'b' } });
    expect(command.kind === 'export' && command.warnings).toEqual([
      '--user-token is visible to other users in the process list; prefer DOOKI_USER_TOKEN',
      '--user-secret-key is visible to other users in the process list; prefer DOOKI_USER_SECRET_KEY',
    ]);
  });
});
