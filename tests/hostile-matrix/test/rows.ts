import { expect } from 'vitest';
import { runCsv, type CsvOptions } from './columns/csv.js';
import { N8N_TRANSPORT_RETRIES, runN8n, type N8nMode } from './columns/n8n.js';
import { runWatch, WATCH_RETRIES, type WatchOptions } from './columns/watch.js';
import type { Guard } from './support/guard.js';
import type { Observed } from './support/observed.js';
import type { Target, TargetSpec } from './support/targets.js';

export const COLUMNS = ['dooki-csv', 'dooki-watch', 'n8n node'] as const;
export type Column = (typeof COLUMNS)[number];

/** One cell: how to run the consumer, what it must do, and the check that says so. */
export interface Cell {
  column: Column;
  /** Says how the cell differs from the column's usual run (`--allow-incomplete`). */
  variant?: string;
  /** A server of its own instead of the row's. */
  target?: TargetSpec;
  /** Unit of `output` in the table: rows, events, items. */
  unit: string;
  expected: string;
  run(target: Target, guard: Guard): Promise<Observed>;
  check(observed: Observed, target: Target): void;
}

export interface Row {
  title: string;
  target: TargetSpec;
  /** The guard stops a consumer past this many requests (the cell has failed by then). */
  maxRequests: number;
  /** The guard stops a consumer still running after this long. Default 15 s. */
  deadlineMs?: number;
  cells: Cell[];
}

/** Core's documented defaults (`RetryConfig`): 5 retries, a 429 budget of 10. */
const DOCUMENTED_RETRY = { retries: 5, rateLimitRetries: 10 };

const MEMBERS = 1000;
const PAGES = MEMBERS / 100;
/** Requests a page loop may make before it must give up: 2 × first total_pages + 10 + retries. */
const LOOP_BUDGET = 2 * PAGES + 10 + DOCUMENTED_RETRY.retries;
/** Requests a consumer gets before the guard stops it on rows without their own bound. */
const RUNAWAY = 200;
const CSV_RETRIES = DOCUMENTED_RETRY.retries;
/** The CLIs keep core's 429 budget; the transport-mode n8n client sets its own. */
const CLI_RATE_LIMIT_RETRIES = DOCUMENTED_RETRY.rateLimitRetries;
/** A 429 without headers waits the assumed window: 20 ms here. */
const SHORT_WINDOW = { csv: '1000/20', watch: '1000/20', n8n: { limit: 1000, windowMs: 20 } };

const csv = (expected: string, options: CsvOptions, check: Cell['check']): Cell => ({
  column: 'dooki-csv',
  ...(options.allowIncomplete === true ? { variant: '--allow-incomplete' } : {}),
  unit: 'rows',
  expected,
  run: (target, guard) => runCsv(target, guard, options),
  check,
});

const watch = (
  expected: string,
  options: WatchOptions,
  check: Cell['check'],
  target?: TargetSpec,
): Cell => ({
  column: 'dooki-watch',
  ...(options.afterBaseline === true ? { variant: 'after a baseline' } : {}),
  ...(target === undefined ? {} : { target }),
  unit: 'events',
  expected,
  run: (target, guard) => runWatch(target, guard, options),
  check,
});

const n8n = (expected: string, mode: N8nMode, check: Cell['check']): Cell => ({
  column: 'n8n node',
  ...(mode.mode === 'transport' ? { variant: 'transport' } : {}),
  unit: 'items',
  expected,
  run: (target, guard) => runN8n(target, guard, mode),
  check,
});

const GET_MANY: N8nMode = { mode: 'get-many' };

// Checks shared by several cells.

function exits(observed: Observed, exit: number, code?: string): void {
  expect(observed.stopped, 'the consumer had to be stopped').toBeUndefined();
  expect(observed.exit, 'exit code').toBe(exit);
  if (code !== undefined) expect(observed.errorCode, 'error code').toBe(code);
}

function failsWith(observed: Observed, code: string): void {
  expect(observed.stopped, 'the run had to be stopped').toBeUndefined();
  expect(observed.errorCode, 'error code').toBe(code);
  expect(observed.output, 'items returned').toBe(0);
}

/** No output file, and no partial file left beside it. */
function noFile(observed: Observed): void {
  expect(observed.output, 'output file').toBe('no file');
  expect(observed.leftovers, 'files left behind').toEqual([]);
}

/** The previous export is still there, byte for byte, and nothing beside it. */
function untouched(observed: Observed): void {
  expect(observed.output, 'existing target').toBe('untouched');
  expect(observed.leftovers, 'files left behind').toEqual([]);
}

function noEvents(observed: Observed): void {
  expect(observed.output, 'events written').toBe(0);
}

/** Every id in the output is a member now, each once: nothing invented, nothing doubled. */
function onlyMembers(observed: Observed, target: Target): void {
  const members = new Set(target.members());
  expect(
    observed.ids.filter((id) => !members.has(id)),
    'ids that are not members',
  ).toEqual([]);
  expect(new Set(observed.ids).size, 'distinct ids').toBe(observed.ids.length);
}

/** The incomplete-scan message with the figures: the distinct ids seen and the server's total. */
function namesIncomplete(observed: Observed, target: Target, total = MEMBERS): void {
  expect(observed.message).toMatch(/incomplete/i);
  expect(observed.message).toContain(String(target.servedIds()));
  expect(observed.message).toContain(String(total));
}

/** No request ever reached the origin the redirect pointed to, with or without credentials. */
function otherOriginUntouched(observed: Observed): void {
  expect(observed.otherOrigin, 'requests to the other origin').toEqual({
    requests: 0,
    withCredentials: 0,
  });
}

function boundedLoop(observed: Observed): void {
  expect(observed.requests, 'requests made').toBeLessThanOrEqual(LOOP_BUDGET);
}

/** The body was never read to its end: every response was cut short by the client. */
function neverBuffered(observed: Observed): void {
  expect(observed.closedEarly, 'responses cut short').toBe(observed.requests);
}

/** Rows that claim a complete-looking scan which is not: refuse, say so, keep the old file. */
function incompleteRow(title: string, behaviour: TargetSpec): Row {
  return {
    title,
    target: behaviour,
    maxRequests: RUNAWAY,
    cells: [
      csv(
        'exit 5, target untouched, stderr: incomplete + ids vs total',
        { existingTarget: true },
        (o, t) => {
          exits(o, 5);
          untouched(o);
          namesIncomplete(o, t);
        },
      ),
      watch('exit 5, 0 events', {}, (o) => {
        exits(o, 5);
        noEvents(o);
      }),
      n8n('Get Many fails: incomplete', GET_MANY, (o) => {
        expect(o.stopped).toBeUndefined();
        expect(o.output, 'items returned').toBe(0);
        expect(o.message).toMatch(/incomplete/i);
      }),
    ],
  };
}

function loopRow(title: string, behaviour: TargetSpec): Row {
  const expected = `DOOKI_ERR_LOOP, ≤ ${LOOP_BUDGET} requests`;
  return {
    title,
    target: behaviour,
    maxRequests: LOOP_BUDGET,
    cells: [
      csv(`exit 5 ${expected}, no file`, {}, (o) => {
        exits(o, 5, 'DOOKI_ERR_LOOP');
        boundedLoop(o);
        noFile(o);
      }),
      watch(`exit 5 ${expected}, 0 events`, {}, (o) => {
        exits(o, 5, 'DOOKI_ERR_LOOP');
        boundedLoop(o);
        noEvents(o);
      }),
      n8n(expected, GET_MANY, (o) => {
        failsWith(o, 'DOOKI_ERR_LOOP');
        boundedLoop(o);
      }),
    ],
  };
}

function badPageRow(title: string, behaviour: TargetSpec): Row {
  return {
    title,
    target: behaviour,
    maxRequests: RUNAWAY,
    cells: [
      csv(`exit 5 DOOKI_ERR_BAD_PAGE after ${1 + CSV_RETRIES} requests, no file`, {}, (o) => {
        exits(o, 5, 'DOOKI_ERR_BAD_PAGE');
        expect(o.requests).toBe(1 + CSV_RETRIES);
        noFile(o);
      }),
      watch(`exit 5 DOOKI_ERR_BAD_PAGE after ${1 + WATCH_RETRIES} requests, 0 events`, {}, (o) => {
        exits(o, 5, 'DOOKI_ERR_BAD_PAGE');
        expect(o.requests).toBe(1 + WATCH_RETRIES);
        noEvents(o);
      }),
      n8n(
        `DOOKI_ERR_BAD_PAGE after ${1 + N8N_TRANSPORT_RETRIES} requests`,
        { mode: 'transport' },
        (o) => {
          failsWith(o, 'DOOKI_ERR_BAD_PAGE');
          expect(o.requests).toBe(1 + N8N_TRANSPORT_RETRIES);
        },
      ),
    ],
  };
}

const hostile = (behaviour: TargetSpec & { kind: 'hostile' }): TargetSpec & { kind: 'hostile' } =>
  behaviour;

const SHRINKING = hostile({ kind: 'hostile', behaviour: 'total-shrinking', members: 3000 });
const SHRINKING_IDS = Array.from({ length: 3000 }, (_, i) => i + 1);

export const ROWS: Row[] = [
  {
    title: 'control (well-behaved)',
    target: hostile({ kind: 'hostile', behaviour: 'control' }),
    maxRequests: RUNAWAY,
    cells: [
      csv(`exit 0, ${MEMBERS} rows, ${PAGES} requests`, {}, (o, t) => {
        exits(o, 0);
        expect(o.ids).toEqual(t.members());
        expect(o.requests).toBe(PAGES);
      }),
      watch(`exit 0, ${MEMBERS} customer.joined`, {}, (o, t) => {
        exits(o, 0);
        expect(o.ids).toEqual(t.members());
        expect(o.events?.every((event) => event.type === 'customer.joined')).toBe(true);
      }),
      n8n(`${MEMBERS} items`, GET_MANY, (o, t) => {
        expect(o.errorCode).toBeUndefined();
        expect(o.ids).toEqual(t.members());
      }),
    ],
  },
  {
    title: 'redirect to another origin (302)',
    target: hostile({ kind: 'hostile', behaviour: 'redirect-other-origin' }),
    maxRequests: RUNAWAY,
    cells: [
      csv('exit 9 DOOKI_ERR_REDIRECT, no file, other origin 0 requests', {}, (o) => {
        exits(o, 9, 'DOOKI_ERR_REDIRECT');
        noFile(o);
        otherOriginUntouched(o);
      }),
      watch('exit 9 DOOKI_ERR_REDIRECT, 0 events, other origin 0 requests', {}, (o) => {
        exits(o, 9, 'DOOKI_ERR_REDIRECT');
        noEvents(o);
        otherOriginUntouched(o);
      }),
      n8n('DOOKI_ERR_REDIRECT, other origin 0 requests', GET_MANY, (o) => {
        failsWith(o, 'DOOKI_ERR_REDIRECT');
        otherOriginUntouched(o);
      }),
    ],
  },
  incompleteRow(
    'empty page mid-stream (page 3)',
    hostile({ kind: 'hostile', behaviour: 'empty-page-mid-stream' }),
  ),
  incompleteRow(
    'short page (page 2 half full)',
    hostile({ kind: 'hostile', behaviour: 'short-page' }),
  ),
  incompleteRow(
    'duplicates across pages (10 per page)',
    hostile({ kind: 'hostile', behaviour: 'duplicates-across-pages' }),
  ),
  loopRow(
    '`page` ignored (always page 1)',
    hostile({ kind: 'hostile', behaviour: 'page-ignored' }),
  ),
  loopRow(
    'growing `total_pages`, ids already seen',
    hostile({ kind: 'hostile', behaviour: 'growing-total-pages' }),
  ),
  {
    title: 'total shrinking mid-scan (3000 → 2995)',
    target: SHRINKING,
    maxRequests: RUNAWAY,
    // 3000 members, and the watcher scans twice (baseline, then the shrinking scan).
    deadlineMs: 40_000,
    cells: [
      csv('exit 5, target untouched', { existingTarget: true }, (o) => {
        exits(o, 5);
        untouched(o);
      }),
      csv(
        'exit 0, summary names the drift (3000 → 2995)',
        { allowIncomplete: true, existingTarget: true },
        (o) => {
          exits(o, 0);
          expect(typeof o.output, 'rows written').toBe('number');
          expect(o.message).toContain('3000');
          expect(o.message).toContain('2995');
        },
      ),
      // A scan after a baseline, with one absence enough for a leave: members skipped by the
      // shifted pages must not be reported as gone, nor former members as joined.
      watch(
        'exit 0 or 5, events ⊆ the true changes (after a baseline, --confirm-scans 1)',
        { afterBaseline: true },
        (o, t) => {
          expect(o.stopped).toBeUndefined();
          expect([0, 5]).toContain(o.exit);
          const members = new Set(t.members());
          const left = new Set(SHRINKING_IDS.filter((id) => !members.has(id)));
          const events = o.events ?? [];
          const invented = events.filter(
            (event) => event.type !== 'customer.left' || !left.has(event.customer_id),
          );
          expect(invented, 'events that did not happen').toEqual([]);
        },
        hostile({ ...SHRINKING, tuning: { shrinkOnScan: 2 } }),
      ),
      n8n('fails as incomplete/inconsistent, or returns only current members', GET_MANY, (o, t) => {
        expect(o.stopped).toBeUndefined();
        if (o.errorCode === undefined && o.message === '') onlyMembers(o, t);
        else expect(o.message).toMatch(/incomplete|inconsistent/i);
      }),
    ],
  },
  {
    title: 'huge body (50 MiB page)',
    target: hostile({ kind: 'hostile', behaviour: 'huge-body', members: 100 }),
    maxRequests: RUNAWAY,
    // n8n's helper reads every 50 MiB body whole before the node can refuse it: slow when busy.
    deadlineMs: 40_000,
    cells: [
      csv(
        `exit 5 DOOKI_ERR_BAD_PAGE after ${1 + CSV_RETRIES} requests, each cut short, no file`,
        {},
        (o) => {
          exits(o, 5, 'DOOKI_ERR_BAD_PAGE');
          expect(o.requests).toBe(1 + CSV_RETRIES);
          neverBuffered(o);
          noFile(o);
        },
      ),
      watch(
        `exit 5 DOOKI_ERR_BAD_PAGE after ${1 + WATCH_RETRIES} requests, each cut short`,
        {},
        (o) => {
          exits(o, 5, 'DOOKI_ERR_BAD_PAGE');
          expect(o.requests).toBe(1 + WATCH_RETRIES);
          neverBuffered(o);
          noEvents(o);
        },
      ),
      // n8n's httpRequest hands over whole bodies: the node can only refuse one, not cut it short.
      n8n(
        `DOOKI_ERR_BAD_PAGE after ${1 + N8N_TRANSPORT_RETRIES} requests`,
        { mode: 'transport', timeoutMs: 30_000 },
        (o) => {
          failsWith(o, 'DOOKI_ERR_BAD_PAGE');
          expect(o.requests).toBe(1 + N8N_TRANSPORT_RETRIES);
        },
      ),
    ],
  },
  {
    title: 'slow body (a byte every 100 ms, forever)',
    target: hostile({ kind: 'hostile', behaviour: 'slow-body', members: 100 }),
    maxRequests: RUNAWAY,
    cells: [
      csv(`exit 5 DOOKI_ERR_TIMEOUT (300 ms timeout), no file`, { timeoutMs: 300 }, (o) => {
        exits(o, 5, 'DOOKI_ERR_TIMEOUT');
        expect(o.requests).toBeLessThanOrEqual(1 + CSV_RETRIES);
        noFile(o);
      }),
      watch(
        `exit 5 DOOKI_ERR_TIMEOUT (300 ms timeout), 0 events`,
        { requestTimeoutMs: 300 },
        (o) => {
          exits(o, 5, 'DOOKI_ERR_TIMEOUT');
          expect(o.requests).toBeLessThanOrEqual(1 + WATCH_RETRIES);
          noEvents(o);
        },
      ),
      n8n('DOOKI_ERR_TIMEOUT (300 ms timeout)', { mode: 'transport', timeoutMs: 300 }, (o) => {
        failsWith(o, 'DOOKI_ERR_TIMEOUT');
        expect(o.requests).toBeLessThanOrEqual(1 + N8N_TRANSPORT_RETRIES);
      }),
    ],
  },
  {
    title: '`Retry-After: 86400` on a 429',
    target: hostile({ kind: 'hostile', behaviour: 'retry-after-huge', members: 100 }),
    maxRequests: RUNAWAY,
    cells: [
      csv('exit 5 DOOKI_ERR_RATE_LIMITED after 1 request, names 86400 s, no wait', {}, (o) => {
        exits(o, 5, 'DOOKI_ERR_RATE_LIMITED');
        expect(o.requests).toBe(1);
        expect(o.message).toContain('86400');
        noFile(o);
      }),
      watch('exit 5 DOOKI_ERR_RATE_LIMITED after 1 request, names 86400 s, no wait', {}, (o) => {
        exits(o, 5, 'DOOKI_ERR_RATE_LIMITED');
        expect(o.requests).toBe(1);
        expect(o.message).toContain('86400');
        noEvents(o);
      }),
      n8n('DOOKI_ERR_RATE_LIMITED after 1 request, no wait', GET_MANY, (o) => {
        failsWith(o, 'DOOKI_ERR_RATE_LIMITED');
        expect(o.requests).toBe(1);
      }),
    ],
  },
  badPageRow('truncated JSON (simulator `truncate`)', {
    kind: 'simulator',
    members: MEMBERS,
    faults: [
      { match: { route: 'cluster-customers' }, times: Infinity, fault: { kind: 'truncate' } },
    ],
  }),
  badPageRow('HTML with 200', hostile({ kind: 'hostile', behaviour: 'html-200', members: 100 })),
  {
    title: '429 storm without rate headers (simulator `status` 429)',
    target: {
      kind: 'simulator',
      members: MEMBERS,
      faults: [
        {
          match: { route: 'cluster-customers' },
          times: Infinity,
          fault: { kind: 'status', status: 429 },
        },
      ],
    },
    maxRequests: RUNAWAY,
    cells: [
      csv(
        `exit 5 DOOKI_ERR_RATE_LIMITED after ${1 + CLI_RATE_LIMIT_RETRIES} requests (window 20 ms)`,
        { rateLimit: SHORT_WINDOW.csv },
        (o) => {
          exits(o, 5, 'DOOKI_ERR_RATE_LIMITED');
          expect(o.requests).toBe(1 + CLI_RATE_LIMIT_RETRIES);
          noFile(o);
        },
      ),
      watch(
        `exit 5 DOOKI_ERR_RATE_LIMITED after ${1 + CLI_RATE_LIMIT_RETRIES} requests (window 20 ms)`,
        { rateLimit: SHORT_WINDOW.watch },
        (o) => {
          exits(o, 5, 'DOOKI_ERR_RATE_LIMITED');
          expect(o.requests).toBe(1 + CLI_RATE_LIMIT_RETRIES);
          noEvents(o);
        },
      ),
      n8n(
        `DOOKI_ERR_RATE_LIMITED after ${1 + N8N_TRANSPORT_RETRIES} requests (window 20 ms)`,
        { mode: 'transport', rateLimit: SHORT_WINDOW.n8n },
        (o) => {
          failsWith(o, 'DOOKI_ERR_RATE_LIMITED');
          expect(o.requests).toBe(1 + N8N_TRANSPORT_RETRIES);
        },
      ),
    ],
  },
];
