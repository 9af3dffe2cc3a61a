// Benchmark of dooki-csv (run after a build: `pnpm bench`). Side by side, in one run:
// - 1,000,000 customers from a zero-latency simulator (own process) exported to a file by the
//   real CLI, vs csv-stringify alone writing already-fetched records with the same columns;
// - peak RSS of the CLI process at 100k and 1M customers;
// - the same export into a deliberately slow destination: memory must stay flat.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDookiClient, type Customer } from '@clusterstream/core';
import { stringify } from 'csv-stringify';
import { defaultColumns, formatPreset, nodeHttpTransport } from '../src/index.js';
import { createRowMapper } from '../src/columns/row-mapper.js';
import type { Cell } from '../src/format/cell.js';
import { createCsvPageEncoder } from '../src/format/csv-page-encoder.js';
import { stringifyOptions } from '../src/format/stringify-options.js';
import { CREDENTIALS_ENV, drainSlowly, runCli, startMockProcess, type CliRun } from './measure.js';
import { benchAudiencePresets } from './audience.js';

const FULL = 1_000_000;
const SMALL = 100_000;
const SAMPLE = 20_000; // fetched once, cycled for the in-process baselines
const SLOW_ROWS = 100_000;
const SLOW_BYTES_PER_SECOND = 2_000_000;
const MB = 1_000_000;

const dir = mkdtempSync(join(tmpdir(), 'dooki-csv-bench-'));
const mock = await startMockProcess([
  { id: 1, size: FULL },
  { id: 2, size: SMALL },
]);

const cycle = function* <T>(items: readonly T[], count: number): Generator<T> {
  for (let i = 0; i < count; i += 1) yield items[i % items.length]!;
};

const rowsPerSecond = (rows: number, ms: number): number => Math.round((rows * 1000) / ms);

const timePipeline = async (
  rows: Iterable<unknown>,
  stringifier: Transform,
  file: string,
): Promise<number> => {
  const started = performance.now();
  await pipeline(Readable.from(rows), stringifier, createWriteStream(file));
  return performance.now() - started;
};

const countLines = async (file: string): Promise<number> => {
  let lines = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
  }
  return lines;
};

/**
 * What a client can get from the simulator when it does nothing but GET + JSON.parse
 * 300 pages, with `lanes` requests in flight: the ceiling for any exporter on this machine.
 */
const simulatorCeiling = async (url: string, lanes: number): Promise<number> => {
  const headers = {
    'User-Token': CREDENTIALS_ENV.DOOKI_USER_TOKEN,
    'User-Secret-Key': CREDENTIALS_ENV.DOOKI_USER_SECRET_KEY,
  };
  const pages = 300;
  let claimed = 0;
  const lane = async (): Promise<void> => {
    while (claimed < pages) {
      claimed += 1;
      const response = await nodeHttpTransport({
        method: 'GET',
        url: `${url}/demo-store/customers/clusters/1/customers?page=${claimed}&limit=100&skipCache=true`,
        headers,
        signal: new AbortController().signal,
        timeoutMs: 30_000,
        maxResponseBytes: 8 * 1024 * 1024,
      });
      JSON.parse(response.body as string);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: lanes }, lane));
  return rowsPerSecond(pages * 100, performance.now() - started);
};

const checked = (run: CliRun, what: string): CliRun => {
  if (run.code !== 0) throw new Error(`${what}: dooki-csv exited ${run.code}: ${run.stderr}`);
  return run;
};

/** Peak RSS in the second half of a run over the first half's (after 1 s of start-up). */
const growth = (run: CliRun): number => {
  const settled = run.samples.filter((sample) => sample.ms >= 1_000);
  const middle = Math.floor(settled.length / 2);
  const peak = (samples: typeof settled): number =>
    Math.max(...samples.map((sample) => sample.rss));
  return peak(settled.slice(middle)) / peak(settled.slice(0, middle));
};

try {
  const client = createDookiClient({
    alias: 'demo-store',
    userToken: CREDENTIALS_ENV.DOOKI_USER_TOKEN,
    userSecretKey: CREDENTIALS_ENV.DOOKI_USER_SECRET_KEY,
    baseUrl: mock.url,
    rateLimit: false,
    transport: nodeHttpTransport,
  });
  const records: Customer[] = [];
  for await (const customer of client.iterateClusterCustomers(1, { maxItems: SAMPLE }))
    records.push(customer);
  const ceiling = await simulatorCeiling(mock.url, 1);
  const ceilingTwoLanes = await simulatorCeiling(mock.url, 2);

  const columns = defaultColumns();
  const baselineMs = await timePipeline(
    cycle(records, FULL),
    stringify({ header: true, columns: columns.map(({ path }) => ({ key: path, header: path })) }),
    join(dir, 'baseline.csv'),
  );
  const preset = formatPreset('rfc4180');
  const mapper = createRowMapper(columns, preset, { clusterColumn: false });
  // The exporter's own encoding path: one csv-stringify call per API page of 100 rows.
  const encoder = createCsvPageEncoder(stringifyOptions(preset, mapper));
  const mappedStarted = performance.now();
  await pipeline(
    Readable.from(
      (function* () {
        let page: Cell[][] = [];
        for (const customer of cycle(records, FULL)) {
          page.push(mapper.toRow(customer, 1));
          if (page.length === 100) {
            yield encoder.encode(page);
            page = [];
          }
        }
        yield encoder.encode(page) + encoder.finish();
      })(),
    ),
    createWriteStream(join(dir, 'mapped.csv')),
  );
  const mappedMs = performance.now() - mappedStarted;

  const cli = (cluster: number, out: string, ...extra: string[]): string[] => [
    '--alias',
    'demo-store',
    '--base-url',
    mock.url,
    '--cluster',
    String(cluster),
    '--out',
    out,
    '--quiet',
    ...extra,
  ];
  const fullFile = join(dir, 'full.csv');
  const full = checked(await runCli(cli(1, fullFile)), '1M export');
  const fullRows = (await countLines(fullFile)) - 1;
  if (fullRows !== FULL) throw new Error(`1M export wrote ${fullRows} rows`);
  const small = checked(await runCli(cli(2, join(dir, 'small.csv'))), '100k export');
  // The ad-audience presets against the plain export of the same (100k) cluster.
  const audienceRows = await benchAudiencePresets(
    records,
    () => createRowMapper(columns, preset, { clusterColumn: false }),
    async (extra) => {
      const run = checked(
        await runCli(cli(2, join(dir, 'audience.csv'), ...extra)),
        extra.join(' '),
      );
      return rowsPerSecond(SMALL, run.wallMs);
    },
    SMALL,
  );
  let slowBytes = 0;
  const slow = checked(
    await runCli(cli(1, '-', '--limit', String(SLOW_ROWS)), (stdout) => {
      stdout.on('data', (chunk: Buffer) => (slowBytes += chunk.length));
      drainSlowly(stdout, SLOW_BYTES_PER_SECOND);
    }),
    'slow destination',
  );

  const exportRate = rowsPerSecond(FULL, full.wallMs);
  const baselineRate = rowsPerSecond(FULL, baselineMs);
  const rssSmall = small.maxRssBytes / MB;
  const rssFull = full.maxRssBytes / MB;
  const rssSlow = slow.maxRssBytes / MB;
  const rows: Array<[string, string, string, boolean | null]> = [
    [
      'export 1M customers → file (CLI, HTTP), rows/s',
      String(exportRate),
      '>= 100000',
      exportRate >= 100_000,
    ],
    [
      'csv-stringify alone, same records and columns, rows/s',
      String(baselineRate),
      'baseline',
      null,
    ],
    [
      'ratio export / csv-stringify alone',
      (exportRate / baselineRate).toFixed(2),
      '>= 0.6',
      exportRate / baselineRate >= 0.6,
    ],
    [
      '  context: exporter without HTTP (mapping + csv-stringify), rows/s',
      String(rowsPerSecond(FULL, mappedMs)),
      '-',
      null,
    ],
    [
      '  context: simulator ceiling (sequential GET + JSON.parse only), rows/s',
      String(ceiling),
      '-',
      null,
    ],
    [
      '  context: simulator ceiling, 2 requests in flight (GET + JSON.parse only), rows/s',
      String(ceilingTwoLanes),
      '-',
      null,
    ],
    ['peak RSS, 100k customers (MB)', rssSmall.toFixed(1), '<= 150', rssSmall <= 150],
    ['peak RSS, 1M customers (MB)', rssFull.toFixed(1), '<= 150', rssFull <= 150],
    ['RSS(1M) / RSS(100k)', (rssFull / rssSmall).toFixed(2), '<= 1.2', rssFull / rssSmall <= 1.2],
    [
      `slow destination (${SLOW_BYTES_PER_SECOND / MB} MB/s, ${SLOW_ROWS} rows): peak RSS (MB)`,
      rssSlow.toFixed(1),
      '<= 150',
      rssSlow <= 150,
    ],
    [
      'slow destination: RSS(slow) / RSS(100k fast)',
      (rssSlow / rssSmall).toFixed(2),
      '<= 1.2',
      rssSlow / rssSmall <= 1.2,
    ],
    [
      'slow destination: peak RSS 2nd half / 1st half',
      growth(slow).toFixed(2),
      '<= 1.1',
      growth(slow) <= 1.1,
    ],
  ];
  rows.push(...audienceRows);
  const widths = [0, 1, 2].map((i) =>
    Math.max(
      ...rows.map((row) => String(row[i]).length),
      ['metric', 'measured', 'goal'][i]!.length,
    ),
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 6)).join(' | ')} |`;
  console.log(
    `\ndooki-csv benchmark (Node ${process.version}; slow run took ${(slow.wallMs / 1000).toFixed(1)} s for ${(slowBytes / MB).toFixed(1)} MB)\n`,
  );
  console.log(line(['metric', 'measured', 'goal', 'result']));
  console.log(line(widths.map((width) => '-'.repeat(width)).concat('------')));
  for (const [metric, measured, goal, pass] of rows) {
    console.log(line([metric, measured, goal, pass === null ? '' : pass ? 'PASS' : 'MISS']));
  }
} finally {
  await mock.stop();
  rmSync(dir, { recursive: true, force: true });
}
