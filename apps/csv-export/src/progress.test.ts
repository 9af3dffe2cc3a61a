import { describe, expect, it } from 'vitest';
import { Capture } from '../test/helpers/cli.js';
import { createProgressReporter } from './progress.js';

const wait = (delayMs: number) =>
  ({ type: 'rate-limit-wait', route: 'cluster-customers', delayMs, reason: 'pacing' }) as const;
const progress = (rows: number, lastTotal = 1000) => ({
  clusterId: 1,
  clusterIndex: 0,
  clusterCount: 1,
  rows,
  expectedRows: 1000,
  pages: rows / 100,
  seen: rows,
  firstTotal: 1000,
  lastTotal,
});

describe('createProgressReporter', () => {
  it('on a pipe with --progress, writes at most a line per 2 s, except for long waits', () => {
    const stderr = new Capture(false);
    let now = 0;
    const reporter = createProgressReporter(stderr, 'always', () => now);
    for (let rows = 100; rows <= 500; rows += 100) {
      now += 500;
      reporter.onProgress(progress(rows));
      reporter.onEvent(wait(1_000)); // pacing between pages: not worth a line each
    }
    now += 10;
    reporter.onEvent(wait(54_000));
    expect(stderr.text.split('\n').filter(Boolean)).toEqual([
      'dooki-csv: cluster 1 · 400/1000 rows · 4 pages · 200 rows/s · ETA 3.0s · waiting 1.0s for the rate limit',
      'dooki-csv: cluster 1 · 500/1000 rows · 5 pages · 199 rows/s · ETA 2.5s · waiting 54s for the rate limit',
    ]);
  });

  it('on a terminal, redraws one line and clears it when stopped', () => {
    const stderr = new Capture(true);
    let now = 0;
    const reporter = createProgressReporter(stderr, 'auto', () => now);
    now += 1_000;
    reporter.onProgress(progress(200));
    reporter.onEvent({
      type: 'retry',
      reason: 'DOOKI_ERR_SERVER',
      status: 503,
      delayMs: 800,
      method: 'GET',
      url: 'http://127.0.0.1/v2/x',
      route: 'cluster-customers',
      page: 3,
      attempt: 2,
    });
    reporter.stop();
    expect(stderr.text).toBe(
      '\r\x1b[2Kcluster 1 · 200/1000 rows · 2 pages · 200 rows/s · ETA 4.0s' +
        '\r\x1b[2Kcluster 1 · 200/1000 rows · 2 pages · 200 rows/s · ETA 4.0s · HTTP 503, retry 2 in 0.8s' +
        '\r\x1b[2K',
    );
  });

  it('writes nothing when quiet, on a terminal or not', () => {
    for (const [tty, mode] of [
      [false, 'never'],
      [true, 'never'],
    ] as const) {
      const stderr = new Capture(tty);
      const reporter = createProgressReporter(stderr, mode);
      reporter.onProgress(progress(100));
      reporter.onEvent(wait(60_000));
      reporter.stop();
      expect(stderr.text).toBe('');
    }
  });

  it('says when the total moved during the scan', () => {
    const stderr = new Capture(false);
    const reporter = createProgressReporter(stderr, 'always', () => 5_000);
    reporter.onProgress(progress(300, 995));
    expect(stderr.text).toContain('total moved 1000 → 995');
  });

  it('off a terminal without --progress, still reports a long wait, and nothing else', () => {
    const stderr = new Capture(false);
    const reporter = createProgressReporter(stderr, 'auto', () => 0);
    reporter.onProgress(progress(100));
    reporter.onEvent(wait(1_000));
    reporter.onEvent(wait(90_000));
    expect(stderr.text).toBe('dooki-csv: waiting 1m30s for the rate limit\n');
  });
});
