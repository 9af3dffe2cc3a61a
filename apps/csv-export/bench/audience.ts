// The ad-audience presets next to the plain export, for `bench/run.ts`. On a shared machine the
// load changes from one minute to the next, so each comparison is made in interleaved rounds
// (plain, meta, google, plain, meta, google, ...) and the median of the per-round ratios is
// reported: a burst of load then hits one round, not one side of the comparison.
import type { Customer } from '@clusterstream/core';
import { AUDIENCE_PRESET_NAMES } from '../src/audience/audience-presets.js';
import { createAudienceRowMapper } from '../src/audience/audience-row-mapper.js';
import type { RowMapper } from '../src/columns/row-mapper.js';
import type { Cell } from '../src/format/cell.js';
import { createCsvPageEncoder } from '../src/format/csv-page-encoder.js';
import { formatPreset } from '../src/format/presets.js';
import { stringifyOptions } from '../src/format/stringify-options.js';

export type BenchRow = [metric: string, measured: string, goal: string, pass: boolean | null];

const ROUNDS = 3;
const IN_PROCESS_ROWS = 100_000;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Rows per second of mapping + encoding `rows` customers, one 100-row page per encode. */
const encodeRate = (records: readonly Customer[], mapper: RowMapper, rows: number): number => {
  const encoder = createCsvPageEncoder(stringifyOptions(formatPreset('rfc4180'), mapper));
  const started = performance.now();
  let page: Cell[][] = [];
  for (let i = 0; i < rows; i += 1) {
    page.push(mapper.toRow(records[i % records.length], 1));
    if (page.length === 100) {
      encoder.encode(page);
      page = [];
    }
  }
  return (rows * 1000) / (performance.now() - started);
};

/**
 * The hashed presets' throughput as a ratio to the plain export of the same cluster: through
 * the real CLI over HTTP (`exportRate(extraArgs)` returns rows/s), and in-process without HTTP.
 */
export const benchAudiencePresets = async (
  records: readonly Customer[],
  plainMapper: () => RowMapper,
  exportRate: (extraArgs: string[]) => Promise<number>,
  clusterSize: number,
): Promise<BenchRow[]> => {
  const cli = new Map<string, number[]>();
  const inProcess = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, value: number): void => {
    map.set(key, [...(map.get(key) ?? []), value]);
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    const plain = await exportRate([]);
    const plainInProcess = encodeRate(records, plainMapper(), IN_PROCESS_ROWS);
    for (const preset of AUDIENCE_PRESET_NAMES) {
      const rate = await exportRate(['--preset', preset]);
      push(cli, preset, rate / plain);
      push(cli, `${preset} rows/s`, rate);
      const mapped = encodeRate(records, createAudienceRowMapper(preset), IN_PROCESS_ROWS);
      push(inProcess, preset, mapped / plainInProcess);
    }
    push(cli, 'plain rows/s', plain);
  }
  const rows: BenchRow[] = [
    [
      `plain export of a ${clusterSize / 1000}k cluster (CLI, HTTP), rows/s, median of ${ROUNDS}`,
      String(Math.round(median(cli.get('plain rows/s')!))),
      'baseline',
      null,
    ],
  ];
  for (const preset of AUDIENCE_PRESET_NAMES) {
    const ratio = median(cli.get(preset)!);
    rows.push(
      [
        `--preset ${preset} (SHA-256), same cluster, rows/s, median of ${ROUNDS}`,
        String(Math.round(median(cli.get(`${preset} rows/s`)!))),
        '-',
        null,
      ],
      [
        `ratio --preset ${preset} / plain export (median of ${ROUNDS} interleaved rounds)`,
        ratio.toFixed(2),
        '>= 0.7',
        ratio >= 0.7,
      ],
      [
        `  context: same ratio without HTTP (normalize + hash + encode vs map + encode)`,
        median(inProcess.get(preset)!).toFixed(2),
        '-',
        null,
      ],
    );
  }
  return rows;
};
