import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../test/helpers/parse-csv.js';
import type { ColumnSpec } from '../columns/column-spec.js';
import { createRowMapper } from '../columns/row-mapper.js';
import { formatPreset, type FormatName } from './presets.js';
import { stringifyOptions } from './stringify-options.js';

const toCsv = (
  format: FormatName,
  columns: ColumnSpec[],
  customers: unknown[],
  clusterColumn = false,
): string => {
  const preset = formatPreset(format);
  const mapper = createRowMapper(columns, preset, { clusterColumn });
  return stringify(
    customers.map((customer) => mapper.toRow(customer, 9)),
    stringifyOptions(preset, mapper),
  );
};

const col = (path: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  path,
  raw: false,
  ...extra,
});

describe('formula-injection escaping', () => {
  const hostile = [
    '=HYPERLINK("http://x")',
    '+5511999990000',
    '-2+3',
    '@SUM(A1)',
    '\tTAB',
    '\rCR',
    'plain',
  ];

  it("prefixes text cells starting with = + - @ tab or CR with '", () => {
    const csv = toCsv(
      'rfc4180',
      [col('notes')],
      hostile.map((notes) => ({ notes })),
    );
    expect(parseCsv(csv).rows.map(([cell]) => cell)).toEqual([
      `'=HYPERLINK("http://x")`,
      "'+5511999990000",
      "'-2+3",
      "'@SUM(A1)",
      "'\tTAB",
      "'\rCR",
      'plain',
    ]);
  });

  it('leaves numbers alone, so negative values stay numeric', () => {
    const csv = toCsv(
      'excel-br',
      [col('spreadsheet.data.last_order_value')],
      [{ spreadsheet: { data: { last_order_value: '-10.50' } } }],
    );
    expect(parseCsv(csv, ';').rows).toEqual([['-10,5']]);
  });

  it('skips escaping only in !raw columns', () => {
    const csv = toCsv(
      'rfc4180',
      [col('phone.full_number', { raw: true }), col('notes')],
      [{ phone: { full_number: '+5511999990000' }, notes: '+5511999990000' }],
    );
    expect(parseCsv(csv).rows).toEqual([['+5511999990000', "'+5511999990000"]]);
  });
});

describe('quoting and layout', () => {
  const tricky = {
    name: 'Ana "Aninha" Souza',
    notes: 'linha 1\nlinha 2; fim',
    city: 'São Paulo, SP',
  };
  const columns = [col('name'), col('notes'), col('city')];

  it('rfc4180: "," CRLF records, no BOM, quotes doubled, round-trips', () => {
    const csv = toCsv('rfc4180', columns, [tricky]);
    const parsed = parseCsv(csv);
    expect(parsed).toMatchObject({ bom: false, crlf: true, header: ['name', 'notes', 'city'] });
    expect(parsed.rows).toEqual([[tricky.name, tricky.notes, tricky.city]]);
    expect(csv).toContain('"Ana ""Aninha"" Souza"');
  });

  it('excel-br: BOM, ";" CRLF, Portuguese headers unless one is given, round-trips', () => {
    const csv = toCsv(
      'excel-br',
      [col('name'), col('notes', { header: 'Obs' }), col('spreadsheet.data.city')],
      [{ ...tricky, spreadsheet: { data: { city: tricky.city } } }],
    );
    expect(csv.startsWith('\uFEFFNome;Obs;Cidade\r\n')).toBe(true);
    const parsed = parseCsv(csv, ';');
    expect(parsed).toMatchObject({ bom: true, crlf: true });
    expect(parsed.rows).toEqual([[tricky.name, tricky.notes, tricky.city]]);
  });

  it('writes only the header for no customers', () => {
    expect(toCsv('rfc4180', columns, [])).toBe('name,notes,city\r\n');
  });

  it("prepends the exported cluster's id and drops the customer's own cluster_id column", () => {
    const csv = toCsv(
      'rfc4180',
      [col('id'), col('cluster_id')],
      [{ id: 5, cluster_id: null }],
      true,
    );
    expect(parseCsv(csv)).toMatchObject({ header: ['cluster_id', 'id'], rows: [['9', '5']] });
  });
});
