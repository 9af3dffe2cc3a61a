// Mapping + encoding without HTTP: the exporter's row mapper and page encoder (one csv-stringify
// call per 100-row page) against csv-stringify's stream alone with the same columns, on the
// same customer records, both piped into a file.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Customer } from '@clusterstream/core';
import { compact, interleave, type BenchSuite } from '@clusterstream/bench-kit';
import { stringify } from 'csv-stringify';
import { defaultColumns, formatPreset } from '../src/index.js';
import { cycle } from './export-client.js';
import {
  createCsvPageEncoder,
  createRowMapper,
  stringifyOptions,
  type Cell,
} from './exporter-internals.js';

const ROWS = 200_000;

export async function mappingAndEncoding(
  suite: BenchSuite,
  records: readonly Customer[],
  dir: string,
): Promise<void> {
  const columns = defaultColumns();
  const preset = formatPreset('rfc4180');
  const csvStringifyAlone = async (): Promise<number> => {
    const stringifier = stringify({
      header: true,
      columns: columns.map(({ path }) => ({ key: path, header: path })),
    });
    await pipeline(
      Readable.from(cycle(records, ROWS)),
      stringifier,
      createWriteStream(join(dir, 'alone.csv')),
    );
    return ROWS;
  };
  const exporter = async (): Promise<number> => {
    const mapper = createRowMapper(columns, preset, { clusterColumn: false });
    const encoder = createCsvPageEncoder(stringifyOptions(preset, mapper));
    const pages = function* (): Generator<string> {
      let page: Cell[][] = [];
      for (const customer of cycle(records, ROWS)) {
        page.push(mapper.toRow(customer, 1));
        if (page.length === 100) {
          yield encoder.encode(page);
          page = [];
        }
      }
      yield encoder.encode(page) + encoder.finish();
    };
    await pipeline(Readable.from(pages()), createWriteStream(join(dir, 'mapped.csv')));
    return ROWS;
  };
  const result = await interleave({ csvStringifyAlone, exporter }, { warmup: 1, rounds: 5 });
  suite.add({
    bench: `mapping + encoding, no HTTP, ${ROWS / 1000}k rows (rows/s, median of ${result.rounds})`,
    contender: `row mapper + page encoder: ${compact(result.rate('exporter'))}/s`,
    baseline: `csv-stringify alone, same columns: ${compact(result.rate('csvStringifyAlone'))}/s`,
    value: result.ratio('exporter', 'csvStringifyAlone'),
    goal: { atLeast: 1.5 },
  });
}
