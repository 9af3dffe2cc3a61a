import { isDookiError, type DookiEvent } from '@clusterstream/core';
import { EMPTY_SNAPSHOT } from '@clusterstream/core/membership';
import { type MockApi } from '@clusterstream/dooki-mock';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { scanCluster, type ScanClusterOptions } from '../src/scan/scan-cluster.js';
import { type StagedMember } from '../src/state/types.js';
import { Capture, CREDENTIAL_ENV, FAST_FLAGS } from './helpers/cli.js';
import { ALIAS, fastClient, startMock, tempStatePath } from './helpers/fixtures.js';

/** Core's default read-ahead: pages requested beyond the one being staged. */
const PREFETCH = 1;
const PAGE_SIZE = 10;

/** Counts the requests the client sent and the answers it got, from its events. */
function requestLog() {
  let issued = 0;
  let answered = 0;
  const waiters: (() => void)[] = [];
  return {
    onEvent(event: DookiEvent): void {
      if (event.type === 'request') issued += 1;
      else if (event.type === 'response') answered += 1;
      else return;
      if (answered >= issued) for (const wake of waiters.splice(0)) wake();
    },
    get issued(): number {
      return issued;
    },
    /** Resolves once every request sent so far has been answered. */
    idle(): Promise<void> {
      if (answered >= issued) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}

/** One full turn of the event loop: every microtask and I/O callback already due has run. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function scanOptions(
  api: MockApi,
  log: ReturnType<typeof requestLog>,
  stage: ScanClusterOptions['stage'],
  timeoutMs?: number,
): ScanClusterOptions {
  return {
    client: fastClient(api, {
      onEvent: (event) => log.onEvent(event),
      ...(timeoutMs ? { timeoutMs } : {}),
    }),
    clusterId: 1,
    previous: EMPTY_SNAPSHOT, // every member is new, so every page is staged
    payloadFields: ['name'],
    hashFields: ['name'],
    pageSize: PAGE_SIZE,
    stageBatch: 1, // one stage call per page
    stage,
  };
}

/** Polls the simulator's request log (it fills asynchronously) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const customerRequests = (api: MockApi) =>
  api.requests.filter((request) => request.route === 'cluster-customers');

describe('scanCluster reads core Observable with backpressure', () => {
  it('a slow store holds the scan back: requests <= pages staged + read-ahead', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 120 }] });
    const log = requestLog();
    const staged: number[] = [];
    const leads: number[] = [];
    const stage = async (rows: StagedMember[]): Promise<void> => {
      const pagesStaged = leads.length + 1;
      // A slow store: this page is written only after every request sent so far was answered
      // and the event loop went round once more, so a scan that did not wait for the store
      // would have sent its next request by now.
      await log.idle();
      await nextTurn();
      leads.push(log.issued - pagesStaged);
      expect(log.issued).toBeLessThanOrEqual(pagesStaged + PREFETCH);
      staged.push(...rows.map((row) => row.customerId));
    };
    const result = await scanCluster(scanOptions(api, log, stage));

    expect(result.complete).toBe(true);
    expect(staged).toEqual(api.control.members(1));
    expect(leads).toHaveLength(120 / PAGE_SIZE);
    expect(Math.max(...leads)).toBe(PREFETCH); // the read-ahead is used, never exceeded
    expect(customerRequests(api)).toHaveLength(120 / PAGE_SIZE);
    expect(result.record).toMatchObject({ pages: 12, requests: 12, uniqueItems: 120, total: 120 });
  });

  it('a store that fails while staging ends the scan with its error, nothing fetched beyond', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 200 }] });
    const log = requestLog();
    const diskFull = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    let calls = 0;
    const result = await scanCluster(
      scanOptions(api, log, () => {
        if (++calls === 2) throw diskFull;
      }),
    );

    expect(result.complete).toBe(false);
    expect(result.complete ? null : result.error).toBe(diskFull);
    expect(result.complete ? '' : result.reason).toBe(
      'scan failed: SQLITE_FULL: database or disk is full',
    );
    expect(calls).toBe(2);
    expect(log.issued).toBeLessThanOrEqual(calls + PREFETCH);
  });

  it('an abort signal cancels the request in flight', async () => {
    await using api = await startMock({
      clusters: [{ id: 1, size: 50 }],
      faults: [{ match: { route: 'cluster-customers', page: 2 }, fault: { kind: 'hang' } }],
    });
    const log = requestLog();
    const controller = new AbortController();
    // A request timeout no test reaches: only the abort can end this scan.
    const options = scanOptions(api, log, () => undefined, 600_000);
    const scanning = scanCluster({ ...options, signal: controller.signal });
    await until(() => customerRequests(api).length === 2);
    controller.abort();
    const result = await scanning;

    expect(result.complete).toBe(false);
    expect(isDookiError(result.complete ? null : result.error, 'DOOKI_ERR_ABORTED')).toBe(true);
    expect(result.summary).toMatchObject({ endedBy: 'cancelled', pages: 1 });
    expect(customerRequests(api).map((request) => request.query.page)).toEqual(['1', '2']);
    expect(log.issued).toBe(2); // no retry after the abort
  });
});

describe('dooki-watch interrupted mid-request', () => {
  const interrupted = async (api: MockApi, argv: string[], route: string): Promise<number> => {
    const controller = new AbortController();
    const stderr = new Capture();
    const running = runCli(argv, {
      stdout: new Capture(),
      stderr,
      env: CREDENTIAL_ENV,
      signal: controller.signal,
    });
    await until(() => api.requests.some((request) => request.route === route));
    controller.abort();
    return running;
  };
  const argvFor = (api: MockApi, clusters: string[]): string[] => [
    '--alias',
    ALIAS,
    ...clusters,
    '--state',
    tempStatePath(),
    '--base-url',
    api.url,
    ...FAST_FLAGS,
    '--request-timeout',
    '600000', // the last one wins: only the interruption ends the hung request
  ];

  it('exits 130 while a customer page hangs', async () => {
    await using api = await startMock({
      clusters: [{ id: 1, size: 30 }],
      faults: [{ match: { route: 'cluster-customers' }, fault: { kind: 'hang' } }],
    });
    const argv = argvFor(api, ['--cluster', '1']);
    expect(await interrupted(api, argv, 'cluster-customers')).toBe(130);
  });

  it('exits 130 while the --all-clusters listing hangs', async () => {
    await using api = await startMock({
      clusters: [{ id: 1, size: 30 }],
      faults: [{ match: { route: 'clusters' }, fault: { kind: 'hang' } }],
    });
    const argv = argvFor(api, ['--all-clusters']);
    expect(await interrupted(api, argv, 'clusters')).toBe(130);
    expect(customerRequests(api)).toHaveLength(0);
  });
});
