import { describe, expect, it } from 'vitest';
import { startMock, tempStatePath } from '../helpers/fixtures.js';
import { cli, CREDENTIAL_ENV, watchArgs } from '../helpers/cli.js';
import { startReceiver } from '../helpers/receiver.js';

const env = {
  ...CREDENTIAL_ENV,
  DOOKI_WATCH_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
};

describe('the delivery-failure line (issue 9, defect 11)', () => {
  it('counts what is pending after the scan: events of this run and older ones, and the next step', async () => {
    let status = 200;
    await using receiver = await startReceiver(() => ({ status }));
    await using api = await startMock({ clusters: [{ id: 1, size: 80 }] });
    const args = [
      ...watchArgs(api.url, tempStatePath()),
      '--webhook',
      receiver.url,
      '--webhook-retries',
      '0',
    ];
    expect((await cli(args, env)).code).toBe(0); // baseline

    status = 500;
    api.control.churn(1, { join: 2 });
    const first = await cli(args, env);
    expect(first.code).toBe(6);
    expect(first.stderr.text).toMatch(
      /2 event\(s\) stay in the outbox \(2 from this run, 0 older\)/,
    );

    // The old events fail first (before the scan); the scan then adds 3 more that wait too.
    api.control.churn(1, { join: 3 });
    const second = await cli(args, env);
    expect(second.code).toBe(6);
    expect(second.stderr.text).toMatch(/cluster 1: scan #3 complete: 3 joined/);
    expect(second.stderr.text).toMatch(
      /5 event\(s\) stay in the outbox \(3 from this run, 2 older\) and go out again, same ids, on the next run/,
    );
    expect(second.stderr.text).toMatch(/receiver answered HTTP 500/);
    expect(second.stderr.text).toMatch(/next step: .*run dooki-watch again/);

    status = 200;
    const third = await cli(args, env);
    expect(third.code).toBe(0);
    expect(receiver.accepted()).toHaveLength(5);
  });
});
