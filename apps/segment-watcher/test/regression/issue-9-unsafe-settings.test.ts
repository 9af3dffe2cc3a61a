import { describe, expect, it } from 'vitest';
import { startMock, tempStatePath as statePath } from '../helpers/fixtures.js';
import { cli, CREDENTIAL_ENV, watchArgs } from '../helpers/cli.js';
import { startReceiver } from '../helpers/receiver.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const env = { ...CREDENTIAL_ENV, DOOKI_WATCH_WEBHOOK_SECRET: SECRET };

describe('unsafe settings are refused or named (issue 9, defect 10)', () => {
  it.each([
    ['watch', (url: string, state: string) => [...watchArgs(url, state), '--webhook']],
    [
      'replay',
      (_url: string, state: string) => ['replay', '--since', '1h', '--state', state, '--webhook'],
    ],
  ])(
    '%s refuses a plain http:// webhook to another host (exit 2) unless --allow-insecure-http',
    async (_command, argv) => {
      await using api = await startMock({ clusters: [{ id: 1, size: 30 }] });
      const state = statePath();
      expect((await cli(watchArgs(api.url, state))).code).toBe(0); // a state file for replay
      const refused = await cli([...argv(api.url, state), 'http://hooks.example.com/dooki'], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr.text).toMatch(
        /--webhook: plain http:\/\/ to hooks\.example\.com would send .*unencrypted.*--allow-insecure-http/,
      );
      // Allowed on request; nothing is pending, so nothing is sent anywhere.
      const allowed = await cli(
        [...argv(api.url, state), 'http://hooks.example.com/dooki', '--allow-insecure-http'],
        env,
      );
      expect(allowed.stderr.text).not.toMatch(/unencrypted/);
      expect(allowed.code).toBe(0);
    },
  );

  it('sends to a plain http:// webhook on loopback without the flag', async () => {
    await using receiver = await startReceiver();
    await using api = await startMock({ clusters: [{ id: 1, size: 30 }] });
    for (const host of ['127.0.0.1', 'localhost']) {
      const url = receiver.url.replace('127.0.0.1', host);
      const run = await cli(
        [...watchArgs(api.url, statePath()), '--emit-initial', '--webhook', url],
        env,
      );
      expect(run.code).toBe(0);
    }
    expect(receiver.accepted()).toHaveLength(60);
  });

  it('warns about --webhook-secret on the command line, as about --user-token', async () => {
    await using receiver = await startReceiver();
    await using api = await startMock({ clusters: [{ id: 1, size: 30 }] });
    const state = statePath();
    const args = [...watchArgs(api.url, state), '--webhook', receiver.url];
    const fromEnv = await cli(args, env);
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stderr.text).not.toMatch(/process list/);

    const flagged = await cli([...args, '--webhook-secret', SECRET], CREDENTIAL_ENV);
    expect(flagged.code).toBe(0);
    expect(flagged.stderr.text).toMatch(
      /^dooki-watch: warning: --webhook-secret is visible to other users in the process list; prefer DOOKI_WATCH_WEBHOOK_SECRET$/m,
    );
    const replay = await cli(
      [
        'replay',
        '--since',
        '1h',
        '--state',
        state,
        '--webhook',
        receiver.url,
        '--webhook-secret',
        SECRET,
      ],
      CREDENTIAL_ENV,
    );
    expect(replay.code).toBe(0);
    expect(replay.stderr.text).toMatch(/warning: --webhook-secret is visible to other users/);

    const both = await cli(
      [...args, '--user-token', CREDENTIAL_ENV.DOOKI_USER_TOKEN, '--webhook-secret', SECRET],
      CREDENTIAL_ENV,
    );
    const warnings = both.stderr.text.split('\n').filter((line) => /process list/.test(line));
    expect(warnings.sort()).toEqual([
      'dooki-watch: warning: --user-token is visible to other users in the process list; prefer DOOKI_USER_TOKEN',
      'dooki-watch: warning: --webhook-secret is visible to other users in the process list; prefer DOOKI_WATCH_WEBHOOK_SECRET',
    ]);
  });
});

describe('--allow-insecure-http reaches the API client too', () => {
  it('refuses a plain http:// --base-url to another host unless the flag is given', async () => {
    const args = [...watchArgs('http://api.example.test/v2', statePath()), '--retries', '0'];
    const refused = await cli(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr.text).toMatch(/--base-url: plain http:\/\/ to api\.example\.test/);
    // Allowed, the client goes ahead (and the test's network guard stops it at the socket).
    const allowed = await cli([...args, '--allow-insecure-http']);
    expect(allowed.stderr.text).not.toMatch(/plain http/);
    expect(allowed.stderr.text).toMatch(/INCOMPLETE \(scan failed: DOOKI_ERR_NETWORK/);
    expect(allowed.code).toBe(5);
  });
});
