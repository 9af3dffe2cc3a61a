import { beforeAll, describe, expect, it } from 'vitest';
import { type ClusterChange } from '../../src/events.js';
import { verifyWebhook } from '../../src/webhooks/standard-webhooks.js';
import { BACKENDS } from '../helpers/backends.js';
import { startMock } from '../helpers/fixtures.js';
import { CREDENTIAL_ENV, requireBuild, spawnCli, watchArgs, type CliRun } from '../helpers/cli.js';
import { startReceiver } from '../helpers/receiver.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const env = { ...CREDENTIAL_ENV, DOOKI_WATCH_WEBHOOK_SECRET: SECRET };

beforeAll(requireBuild);

describe.each(BACKENDS)(
  'two dooki-watch processes on one state (issue 9, defect 4) on $name',
  (backend) => {
    it('deliver every event exactly once, in outbox order, while the receiver is slow', async () => {
      await using api = await startMock({ clusters: [{ id: 1, size: 120 }] });
      const state = await backend.location();
      let arrivals = 0;
      let second: Promise<CliRun> | undefined;
      await using receiver = await startReceiver(async () => {
        // A slow receiver; while it holds the first process's third event, a second process runs
        // from start to exit on the same state file (and commits events of its own).
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (++arrivals === 3) {
          api.control.churn(1, { join: 5 });
          second = spawnCli([...args, '--once'], env).exited;
          await second;
        }
        return { status: 200 };
      });
      const args = [...watchArgs(api.url, state), '--webhook', receiver.url];
      expect((await spawnCli(args, env).exited).code).toBe(0); // baseline, nothing to send
      api.control.churn(1, { join: 40 });

      const first = await spawnCli([...args, '--once'], env).exited;
      expect(second, 'the receiver started the second process').toBeDefined();
      const other = await second!;
      expect({ first: first.code, second: other.code }).toEqual({ first: 0, second: 0 });
      const outbox = (
        await backend.queryAt<{ event_id: string }>(
          state,
          'SELECT event_id FROM outbox ORDER BY seq',
        )
      ).map((row) => row.event_id);
      const undelivered = await backend.queryAt(
        state,
        'SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL',
      );
      expect(undelivered).toEqual([{ n: 0 }]);
      expect(outbox).toHaveLength(45);
      // Every event received exactly once (no second attempt by anyone), in outbox order.
      const received = receiver.requests.map((request) => request.headers['webhook-id']);
      expect(received).toEqual(outbox);
      for (const request of receiver.requests) {
        expect(request.status).toBe(200);
        verifyWebhook<ClusterChange>(SECRET, request.headers, request.body);
      }
      // The second process left delivery to the first one, which also sent its 5 events.
      expect(other.stderr).toMatch(/another dooki-watch \(pid \d+ on [^)]+\) is delivering/);
    }, 30_000);
  },
);
