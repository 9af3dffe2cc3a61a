import { writeFileSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMock, tempStatePath as statePath } from '../helpers/fixtures.js';
import { cli, CREDENTIAL_ENV, watchArgs } from '../helpers/cli.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('issue 17: the CLI edges an operator hits', () => {
  it('refuses a webhook URL with a user name and password, and never prints the password', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 30 }] });
    const run = await cli(
      [...watchArgs(api.url, statePath()), '--webhook', 'http://user:hunter2@127.0.0.1:9/hook'],
      { ...CREDENTIAL_ENV, DOOKI_WATCH_WEBHOOK_SECRET: SECRET },
    );
    expect(run.code).toBe(2);
    expect(run.stderr.text).toMatch(/--webhook: must not contain a user name or password/);
    expect(run.stderr.text + run.stdout.text).not.toContain('hunter2');
  });

  it('refuses --out pointing at a file that is not an event log, and leaves it untouched', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 30 }] });
    const state = statePath();
    const notes = join(dirname(state), 'notes.txt');
    const text = 'line one\nline two, no newline at the end';
    writeFileSync(notes, text);
    const run = await cli([...watchArgs(api.url, state), '--out', notes], CREDENTIAL_ENV);
    expect(run.code).toBe(2);
    expect(run.stderr.text).toMatch(/notes\.txt exists and is not a dooki-watch event file/);
    expect(readFileSync(notes, 'utf8')).toBe(text);
  });

  it('appends to its own event log, cutting only a torn last line', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 30 }] });
    const state = statePath();
    const out = join(dirname(state), 'events.ndjson');
    const first = await cli(
      [...watchArgs(api.url, state), '--emit-initial', '--out', out],
      CREDENTIAL_ENV,
    );
    expect(first.code).toBe(0);
    const lines = readFileSync(out, 'utf8');
    writeFileSync(out, `${lines}{"id":"evt_torn`); // a crash in the middle of a write
    api.control.churn(1, { join: 2, leave: 0 });
    const second = await cli([...watchArgs(api.url, state), '--out', out], CREDENTIAL_ENV);
    expect(second.code).toBe(0);
    const after = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    expect(after).toHaveLength(32);
    expect(after.every((line) => JSON.parse(line) !== null)).toBe(true);
  });

  it('refuses the store aliases . and .., which would leave /v2', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 30 }] });
    for (const alias of ['.', '..']) {
      const args = watchArgs(api.url, statePath());
      args[args.indexOf('--alias') + 1] = alias;
      const run = await cli(args, CREDENTIAL_ENV);
      expect(run.code).toBe(2);
      expect(run.stderr.text).toMatch(/alias/);
    }
    expect(api.requests).toHaveLength(0);
  });

  it('warns when status is given a database password on the command line', async () => {
    const run = await cli(['status', '--state', 'postgres://u:pw@127.0.0.1:1/none'], {});
    expect(run.stderr.text).toMatch(/--state is visible to other users in the process list/);
    expect(run.stderr.text).not.toContain(':pw@');
  });
});
