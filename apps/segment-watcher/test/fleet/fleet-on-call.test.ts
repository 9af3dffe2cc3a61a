import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { MockApi } from '@clusterstream/dooki-mock';
import { startPostgres, type PostgresServer } from '../../support/postgres-server.js';
import { startReceiver } from '../helpers/receiver.js';
import {
  metricSum,
  startFleetApi,
  startWorker,
  tempDir,
  waitForBaselines,
  writeFleetFile,
  type FleetWorker,
} from '../helpers/fleet.js';
import {
  metricNamesIn,
  parseSamples,
  ScrapeLoop,
  SeriesRecorder,
  type Sample,
  type Scrape,
} from '../helpers/metric-capture.js';
import { findPromtool, promtool } from '../helpers/promtool.js';

const OPS = fileURLToPath(new URL('../../ops/', import.meta.url));
const ALERTS = join(OPS, 'alerts.yml');
const DASHBOARD = join(OPS, 'dashboard.json');

/** The fleet file's interval: the alerts count in intervals, so a short one fires them soon. */
const INTERVAL_S = 2;
/** Seconds the run's state keeps clear of an alert's threshold (3 intervals), either side. */
const MARGIN_S = 2;
const STALE_S = 3 * INTERVAL_S;
const TARGET = { job: 'dooki-watch', instance: 'worker-1' };
const STORE = {
  webhookDown: 'store-001',
  revoked: 'store-002',
  rateLimited: 'store-003',
  failing: 'store-004',
  healthy: 'store-005',
  failingFromStart: 'store-006',
} as const;
const TIMESTAMP_FAMILIES = new Set([
  'dooki_watch_last_complete_scan_timestamp_seconds',
  'dooki_watch_process_start_time_seconds',
]);

const found = findPromtool();

/** What the live run leaves for the checks: scrapes of each phase and every series captured. */
interface Run {
  failures: Scrape;
  /** 429 answers the simulator had sent the rate-limited store just after that scrape. */
  rateLimitedSent: number;
  databaseDown: Scrape;
  workerDown: Scrape;
  recorder: SeriesRecorder;
  /** Every sample name the worker exposed during the run. */
  exposed: Set<string>;
}

let run: Run | undefined;
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(found === null)('the on-call kit against a live fleet worker (promtool)', () => {
  beforeAll(async () => {
    run = await liveRun();
  }, 600_000);

  it('promtool check metrics: the live /metrics passes, in trouble and with its database down', async () => {
    for (const scrape of [run!.failures, run!.databaseDown]) {
      const checked = await promtool(['check', 'metrics'], scrape.text!);
      expect(checked.output).toBe('');
      expect(checked.code).toBe(0);
    }
  });

  it('counts failed jobs by reason, and every 429 whether retried or not', () => {
    const samples = parseSamples(run!.failures.text!);
    const value = (name: string, labels: Record<string, string>) =>
      samples
        .filter((s) => s.name === name)
        .filter((s) => Object.entries(labels).every(([label, v]) => s.labels[label] === v))
        .reduce((sum, s) => sum + s.value, 0);
    for (const labels of FAILING_JOBS)
      expect(value('dooki_watch_job_failures_total', labels), labels.store).toBeGreaterThan(0);
    const healthy = { store: STORE.healthy };
    expect(value('dooki_watch_job_failures_total', healthy)).toBe(0);
    expect(value('dooki_watch_api_rate_limited_total', healthy)).toBe(0);
    // A failed scan met core's 10 retried 429s and then the one it gave up on: all are counted,
    // and never more than the simulator sent.
    const counted = value('dooki_watch_api_rate_limited_total', { store: STORE.rateLimited });
    const failedScans = value('dooki_watch_job_failures_total', FAILING_JOBS[1]!);
    expect(counted).toBeGreaterThanOrEqual(11 * failedScans);
    expect(counted).toBeLessThanOrEqual(run!.rateLimitedSent);
  });

  it('answers 200 with its database stopped: the database gauges left out, the error counted', () => {
    // The capture keeps the text of 200 answers only.
    expect(run!.databaseDown.text).not.toBeNull();
    const down = parseSamples(run!.databaseDown.text!);
    const names = new Set(down.map((sample) => sample.name));
    expect(names.has('dooki_watch_outbox_depth')).toBe(false);
    expect(names.has('dooki_watch_store_quarantined')).toBe(false);
    expect(
      metricSum(run!.databaseDown.text!, 'dooki_watch_metrics_collect_errors_total'),
    ).toBeGreaterThan(metricSum(run!.failures.text!, 'dooki_watch_metrics_collect_errors_total'));
    // The process's own counters are still there.
    expect(names.has('dooki_watch_scans_total')).toBe(true);
    expect(names.has('dooki_watch_job_failures_total')).toBe(true);
  });

  it('promtool check rules: ops/alerts.yml is valid', async () => {
    const checked = await promtool(['check', 'rules', ALERTS]);
    expect(checked.output).toContain('SUCCESS');
    expect(checked.code).toBe(0);
  });

  it('promtool test rules: each alert fires on its failure, the healthy store stays silent', async () => {
    const dir = tempDir('on-call-rules-', { push: (cleanup) => void cleanups.push(cleanup) });
    const file = join(dir, 'alerts.test.yml');
    writeFileSync(file, stringify(ruleTests(run!), { lineWidth: 0 }));
    if (process.env.ON_CALL_RULES_COPY) copyFileSync(file, process.env.ON_CALL_RULES_COPY);
    const tested = await promtool(['test', 'rules', file]);
    expect(tested.output).toContain('SUCCESS');
    expect(tested.code).toBe(0);
    // The same series with the healthy store expected to fire too: promtool must say no.
    const mutated = join(dir, 'healthy-fires.test.yml');
    writeFileSync(mutated, stringify(ruleTests(run!, STORE.healthy), { lineWidth: 0 }));
    const refused = await promtool(['test', 'rules', mutated]);
    expect(refused.code).not.toBe(0);
    for (const alertname of STORE_ALERTS)
      expect(refused.output).toContain(`alertname: ${alertname},`);
  });

  it('every metric the alerts and the dashboard query is one the live worker exposes', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
    const exprs = [...alertRules().map((rule) => rule.expr), ...dashboardQueries(dashboard)];
    expect(exprs.length).toBeGreaterThan(20);
    const unknown = exprs
      .flatMap(metricNamesIn)
      .filter((name) => name !== 'up' && !run!.exposed.has(name));
    expect(unknown).toEqual([]);
  });
});

/** The scenario: six stores in trouble of every kind, then the database, then the worker. */
async function liveRun(): Promise<Run> {
  const postgres = await startPostgres();
  cleanups.push(() => postgres.stop());
  const receiver = await startReceiver(() => ({ status: 503 }));
  cleanups.push(() => receiver[Symbol.asyncDispose]());
  const api = await startFleetApi({ count: 6, clustersPerStore: 2, membersPerCluster: 50 });
  cleanups.push(() => api.close());
  // One store's API fails from the start: its clusters are never listed.
  failAlways(api, STORE.failingFromStart, 500);
  const dir = tempDir('fleet-on-call-', { push: (cleanup) => void cleanups.push(cleanup) });
  const config = writeFleetFile(api, dir, {
    interval: `${INTERVAL_S}s`,
    webhook: {
      alias: STORE.webhookDown,
      url: receiver.url,
      secret: `whsec_${randomBytes(24).toString('base64')}`,
    },
  });
  const worker = startWorker(config, postgres.url, {
    // A 429 without Retry-After blocks for the quota window: 1 s keeps the retries short.
    DOOKI_RATE_LIMIT: '600/1000',
    DOOKI_RETRY_DELAY_MS: '20',
    DOOKI_RETRY_MAX_MS: '100',
  });
  cleanups.push(() => worker.stop());
  cleanups.push(() => {
    if (process.env.FLEET_DEBUG) console.log(worker.output());
  });
  const exposed = new Set<string>();
  const recorder = new SeriesRecorder(
    { atMs: Date.now(), stepMs: 1_000 },
    TARGET,
    (name) => {
      exposed.add(name);
      return name.startsWith('dooki_watch_') && !/_(bucket|sum|count)$/.test(name);
    },
    TIMESTAMP_FAMILIES,
  );
  const loop = new ScrapeLoop(`${await worker.opsUrl()}/metrics`, recorder, 1_000);
  cleanups.push(() => loop.stop());
  await waitForBaselines([worker], 10);
  const failures = await storesInTrouble(api, loop, recorder);
  const rateLimitedSent = api.requests.filter(
    (request) => request.alias === STORE.rateLimited && request.status === 429,
  ).length;
  const databaseDown = await databaseStopped(postgres, loop, failures);
  const workerDown = await workerStopped(worker, loop);
  await loop.stop();
  return { failures, rateLimitedSent, databaseDown, workerDown, recorder, exposed };
}

function failAlways(api: MockApi, alias: string, status: 429 | 500): void {
  api.store(alias).control.addFault({ fault: { kind: 'status', status }, times: 1_000_000 });
}

/** Every store gets its trouble and churn; returns the scrape where each alert's state holds. */
async function storesInTrouble(
  api: MockApi,
  loop: ScrapeLoop,
  recorder: SeriesRecorder,
): Promise<Scrape> {
  api.store(STORE.revoked).control.revokeCredentials();
  failAlways(api, STORE.rateLimited, 429);
  failAlways(api, STORE.failing, 500);
  for (const store of api.stores)
    for (const clusterId of [1, 2])
      api.store(store.alias).control.churn(clusterId, { join: 3, leave: 2 });
  return loop.until('every store in its trouble, the healthy ones fresh', (scrape) => {
    if (scrape.text === null) return false;
    const samples = parseSamples(scrape.text);
    return troubleReached(samples, scrape.atMs / 1000) && failuresRepeated(recorder);
  });
}

/** The state each store alert needs, clear of its threshold by {@link MARGIN_S}. */
function troubleReached(samples: readonly Sample[], now: number): boolean {
  const of = (name: string, store: string) =>
    samples.filter((s) => s.name === name && s.labels.store === store);
  const one = (name: string, store: string) => of(name, store)[0]?.value;
  const scanAges = (store: string) =>
    of('dooki_watch_last_complete_scan_timestamp_seconds', store).map((s) => now - s.value);
  const uptime =
    now - samples.find((s) => s.name === 'dooki_watch_process_start_time_seconds')!.value;
  const stale = (ages: number[]) =>
    ages.length === 2 && ages.every((age) => age > STALE_S + MARGIN_S);
  const fresh = (ages: number[]) =>
    ages.length === 2 && ages.every((age) => age < STALE_S - MARGIN_S);
  const outboxAge = (store: string) => one('dooki_watch_outbox_oldest_age_seconds', store) ?? NaN;
  return (
    one('dooki_watch_store_quarantined', STORE.revoked) === 1 &&
    stale(scanAges(STORE.rateLimited)) &&
    stale(scanAges(STORE.failing)) &&
    fresh(scanAges(STORE.healthy)) &&
    fresh(scanAges(STORE.webhookDown)) &&
    scanAges(STORE.failingFromStart).length === 0 &&
    uptime > STALE_S + MARGIN_S &&
    outboxAge(STORE.webhookDown) > STALE_S + MARGIN_S &&
    outboxAge(STORE.healthy) < STALE_S - MARGIN_S &&
    (one('dooki_watch_api_rate_limited_total', STORE.rateLimited) ?? 0) >= 8
  );
}

/** The jobs expected to fail, each by store, kind and the reason its trouble gives. */
const FAILING_JOBS = [
  { store: STORE.webhookDown, kind: 'deliver', reason: 'sink' },
  { store: STORE.rateLimited, kind: 'scan', reason: 'api_rate_limited' },
  { store: STORE.failing, kind: 'scan', reason: 'api_server_error' },
  { store: STORE.failingFromStart, kind: 'discover', reason: 'api_server_error' },
];

/** Each failing job's counter was captured rising at least once (what `increase` needs). */
function failuresRepeated(recorder: SeriesRecorder): boolean {
  return FAILING_JOBS.every(
    (labels) => new Set(recorder.valuesOf('dooki_watch_job_failures_total', labels)).size >= 2,
  );
}

/** Postgres stopped under the live worker: the scrape still answers, the error counted. */
async function databaseStopped(
  postgres: PostgresServer,
  loop: ScrapeLoop,
  before: Scrape,
): Promise<Scrape> {
  const errors = (scrape: Scrape) =>
    metricSum(scrape.text!, 'dooki_watch_metrics_collect_errors_total');
  await postgres.halt();
  try {
    return await loop.until('a scrape without the database', (scrape) => {
      if (scrape.text === null) return false;
      return errors(scrape) > errors(before) && !scrape.text.includes('dooki_watch_outbox_depth{');
    });
  } finally {
    await postgres.resume();
  }
}

/** The worker stopped: scrapes fail for longer than the worker-down alert waits (1 min). */
async function workerStopped(worker: FleetWorker, loop: ScrapeLoop): Promise<Scrape> {
  await worker.stop();
  let downSince: number | undefined;
  return loop.until('a minute of failed scrapes', (scrape) => {
    downSince ??= scrape.text === null ? scrape.atMs : undefined;
    return scrape.text === null && scrape.atMs - downSince! > 65_000;
  });
}

interface AlertRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const alertRules = (): AlertRule[] =>
  (parse(readFileSync(ALERTS, 'utf8')) as { groups: { rules: AlertRule[] }[] }).groups.flatMap(
    (group) => group.rules,
  );

/** The alerts of one store, each fired by one store's trouble in the run. */
const STORE_ALERTS = [
  'DookiWatchStoreQuarantined',
  'DookiWatchStoreNotScanned',
  'DookiWatchStoreNeverScanned',
  'DookiWatchOutboxStale',
  'DookiWatchApiRateLimited',
  'DookiWatchJobsFailing',
];

/**
 * The promtool unit test: the captured series, and at the end of each phase the alerts that
 * must fire, exactly: an alert on a store not named here (the healthy one) fails the test.
 * `alsoFiring`: a store wrongly expected in every store alert (the test of the test).
 */
function ruleTests(run: Run, alsoFiring?: string): object {
  const store = (alias: string, extra: Record<string, string> = {}) => ({ store: alias, ...extra });
  const cluster = (alias: string) => [1, 2].map((id) => store(alias, { cluster: String(id) }));
  const inTrouble: Record<string, Record<string, string>[]> = {
    DookiWatchWorkerDown: [],
    DookiWatchNoWorkers: [],
    DookiWatchMetricsDatabaseUnreadable: [],
    DookiWatchStoreQuarantined: [store(STORE.revoked)],
    DookiWatchStoreNotScanned: [...cluster(STORE.rateLimited), ...cluster(STORE.failing)],
    DookiWatchStoreNeverScanned: [store(STORE.failingFromStart)],
    DookiWatchOutboxStale: [store(STORE.webhookDown)],
    DookiWatchApiRateLimited: [store(STORE.rateLimited)],
    DookiWatchJobsFailing: FAILING_JOBS.map(({ store: alias, kind }) => store(alias, { kind })),
  };
  if (alsoFiring !== undefined)
    for (const alertname of STORE_ALERTS) inTrouble[alertname]!.push(store(alsoFiring));
  const phases: [Scrape, Record<string, Record<string, string>[]>][] = [
    [run.failures, inTrouble],
    [run.databaseDown, { DookiWatchMetricsDatabaseUnreadable: [TARGET], DookiWatchWorkerDown: [] }],
    [run.workerDown, { DookiWatchWorkerDown: [TARGET], DookiWatchNoWorkers: [{}] }],
  ];
  const rules = new Map(alertRules().map((rule) => [rule.alert, rule]));
  expect([...rules.keys()].sort()).toEqual(Object.keys(inTrouble).sort());
  return {
    rule_files: [ALERTS],
    evaluation_interval: '1s',
    tests: [
      {
        interval: '1s',
        input_series: run.recorder.inputSeries(),
        alert_rule_test: phases.flatMap(([scrape, expected]) =>
          Object.entries(expected).map(([alertname, alerts]) => ({
            eval_time: `${scrape.step}s`,
            alertname,
            exp_alerts: alerts.map((labels) => expectedAlert(rules.get(alertname)!, labels)),
          })),
        ),
      },
    ],
  };
}

/** An alert as promtool reports it: its labels and the rule's annotations filled in. */
function expectedAlert(rule: AlertRule, labels: Record<string, string>) {
  const fill = (text: string) =>
    text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_match, name: string) => labels[name] ?? '');
  return {
    exp_labels: { ...labels, ...rule.labels },
    exp_annotations: Object.fromEntries(
      Object.entries(rule.annotations).map(([key, text]) => [key, fill(text)]),
    ),
  };
}

interface Dashboard {
  panels: { targets?: { expr: string }[] }[];
  templating: { list: { query?: unknown }[] };
}

/** Every PromQL query of the dashboard: its panels' and its variables'. */
function dashboardQueries(dashboard: Dashboard): string[] {
  const panels = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr));
  const variables = dashboard.templating.list.flatMap((variable) => {
    const query = variable.query as { query?: string } | string | undefined;
    return typeof query === 'object' && query.query !== undefined ? [query.query] : [];
  });
  return [...panels, ...variables];
}
