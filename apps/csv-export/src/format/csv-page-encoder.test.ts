import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { stringify } from 'csv-stringify';
import { describe, expect, it } from 'vitest';
import { defaultColumns } from '../columns/column-spec.js';
import { createRowMapper } from '../columns/row-mapper.js';
import type { Cell } from './cell.js';
import { createCsvPageEncoder } from './csv-page-encoder.js';
import { formatPreset, FORMAT_NAMES } from './presets.js';
import { stringifyOptions } from './stringify-options.js';

const customer = (id: number): Record<string, unknown> => ({
  id,
  name: id % 3 === 0 ? `=cmd|' /C calc'!A${id}` : `Cliente "${id}", São Paulo`,
  email: `c${id}@example.com`,
  phone: { full_number: `+55119${id}` },
  notes: id % 4 === 0 ? 'linha 1\nlinha 2; fim' : null,
  newsletter: id % 2 === 0,
  spreadsheet: { data: { last_order_value: `${id}.50`, city: 'Maceió' } },
  created_at: {
    date: '2021-10-10 09:55:15.000000',
    timezone_type: 3,
    timezone: 'America/Sao_Paulo',
  },
});

/** Rows of consecutive customers, cut into pages of the given sizes. */
const pagesOfRows = (sizes: number[], toRow: (customer: unknown) => Cell[]): Cell[][][] => {
  let id = 0;
  return sizes.map((size) => Array.from({ length: size }, () => toRow(customer((id += 1)))));
};

describe.each(FORMAT_NAMES)('the page encoder (%s)', (format) => {
  const preset = formatPreset(format);
  const mapper = createRowMapper(defaultColumns(), preset, { clusterColumn: true });
  const options = stringifyOptions(preset, mapper);

  it('writes the same bytes as csv-stringify fed row by row, page boundaries or not', async () => {
    const rowsByPage = pagesOfRows([100, 37, 0, 100, 1], (c) => mapper.toRow(c, 4));
    const streamed = await buffer(Readable.from(rowsByPage.flat()).pipe(stringify(options)));
    const encoder = createCsvPageEncoder(options);
    const encoded = rowsByPage.map((rows) => encoder.encode(rows)).join('') + encoder.finish();
    // Bytes, not text: a decoder would swallow the BOM this test must see exactly once.
    expect(Buffer.from(encoded)).toEqual(streamed);
    expect(encoded.startsWith('\uFEFF')).toBe(preset.bom);
    expect(encoded.split(mapper.headers.join(preset.delimiter))).toHaveLength(2);
  });

  it('owes the BOM and header when no page came, and nothing more afterwards', async () => {
    const streamed = await buffer(Readable.from([]).pipe(stringify(options)));
    const encoder = createCsvPageEncoder(options);
    expect(Buffer.from(encoder.finish())).toEqual(streamed);
    expect(encoder.finish()).toBe('');
    expect(encoder.encode([])).toBe('');
  });
});
