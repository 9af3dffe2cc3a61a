import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterChange } from '../src/events.js';
import { verifyWebhook } from '../src/webhooks/standard-webhooks.js';
import { BACKENDS } from './helpers/backends.js';
import { ALIAS, startMock, tempDir } from './helpers/fixtures.js';
import { CREDENTIAL_ENV, FAST_FLAGS, packageDir, requireBuild } from './helpers/cli.js';
import { startReceiver } from './helpers/receiver.js';
import { replayMembership } from './helpers/truth.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

beforeAll(requireBuild);

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A seeded PRNG so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () =>
    (state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

describe.each(BACKENDS)('kill -9 at random points on $name', (backend) => {
  it('loses no event and invents none; redelivered events keep their ids', async () => {
    const rand = random(Number(process.env.CRASH_SEED ?? 20261128));
    await using api = await startMock({ clusters: [{ id: 1, size: 700 }], latencyMs: 8 });
    let child: ChildProcess | undefined;
    let killAtRequest = Infinity;
    let requestsThisRun = 0;
    await using receiver = await startReceiver(() => {
      // Kill the watcher while it waits for our answer: the event is received but not acknowledged.
      if (++requestsThisRun === killAtRequest) child?.kill('SIGKILL');
      return { status: 200 };
    });
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const out = join(dir, 'events.ndjson');
    const args = [
      'bin.js',
      '--alias',
      ALIAS,
      '--cluster',
      '1',
      '--state',
      await backend.location(),
      '--base-url',
      api.url,
      '--out',
      out,
      '--webhook',
      receiver.url,
      '--webhook-retry-delay',
      '5',
      '--quiet',
      ...FAST_FLAGS,
    ];

    /** Runs the CLI; `kill` decides when to SIGKILL it (never, after n API pages, or at the n-th webhook). */
    const run = async (kill: {
      afterPages?: number;
      atWebhook?: number;
      afterMs?: number;
    }): Promise<number | null> => {
      requestsThisRun = 0;
      killAtRequest = kill.atWebhook ?? Infinity;
      const pagesBefore = api.requests.length;
      child = spawn(process.execPath, args, {
        cwd: packageDir,
        env: { ...CREDENTIAL_ENV, DOOKI_WATCH_WEBHOOK_SECRET: SECRET },
        stdio: 'ignore',
      });
      const started = Date.now();
      const poll = setInterval(() => {
        const pages = api.requests.length - pagesBefore;
        if (
          (kill.afterPages !== undefined && pages >= kill.afterPages) ||
          (kill.afterMs !== undefined && Date.now() - started >= kill.afterMs)
        ) {
          child?.kill('SIGKILL');
        }
      }, 2);
      const code = await new Promise<number | null>((resolve) =>
        child!.on('exit', (exitCode) => resolve(exitCode)),
      );
      clearInterval(poll);
      return code;
    };

    const initial = api.control.members(1);
    let kills = 0;
    expect(await run({})).toBe(0); // baseline
    for (let round = 0; round < 5; round++) {
      api.control.churn(1, { join: 3 + Math.floor(rand() * 6), leave: 2 + Math.floor(rand() * 5) });
      if ((await run({ afterPages: 1 + Math.floor(rand() * 6) })) === null) kills++;
      if ((await run({ atWebhook: 1 + Math.floor(rand() * 4) })) === null) kills++;
      if ((await run({ afterMs: 40 + Math.floor(rand() * 250) })) === null) kills++;
      expect(await run({})).toBe(0);
    }
    expect(await run({})).toBe(0); // confirms the last round's leaves
    expect(kills).toBeGreaterThanOrEqual(8);

    const final = api.control.members(1);
    const everMember = new Set([
      ...initial,
      ...final,
      ...receiver.accepted().map((r) => JSON.parse(r.body).customer_id as number),
    ]);
    const check = (deliveries: { id: string; body: string }[]) => {
      // Same id, same event: a redelivery is byte-for-byte the original.
      const byId = new Map<string, string>();
      for (const { id, body } of deliveries) {
        expect(byId.get(id) ?? body).toBe(body);
        byId.set(id, body);
      }
      const events = [...byId.values()].map((body) => JSON.parse(body) as ClusterChange);
      expect(replayMembership(initial, events)).toEqual(final);
      const joined = events
        .filter((e) => e.type === 'customer.joined')
        .map((e) => e.customer_id)
        .sort((a, b) => a - b);
      const left = events
        .filter((e) => e.type === 'customer.left')
        .map((e) => e.customer_id)
        .sort((a, b) => a - b);
      expect(joined).toEqual(
        [...everMember].filter((id) => !initial.includes(id)).sort((a, b) => a - b),
      );
      expect(left).toEqual(
        [...everMember].filter((id) => !final.includes(id)).sort((a, b) => a - b),
      );
      return deliveries.length - byId.size;
    };
    const webhookDuplicates = check(
      receiver.requests
        .filter((r) => r.status === 200)
        .map((r) => ({
          id: verifyWebhook<ClusterChange>(SECRET, r.headers as Record<string, string>, r.body).id,
          body: r.body,
        })),
    );
    // Killed while the receiver held the request: that event had to come again, with its id.
    expect(webhookDuplicates).toBeGreaterThan(0);
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    check(lines.map((line) => ({ id: (JSON.parse(line) as ClusterChange).id, body: line })));
  }, 90_000);
});
