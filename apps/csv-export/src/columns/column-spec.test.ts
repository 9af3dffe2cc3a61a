import { CUSTOMER_FIELDS, SECRET_CUSTOMER_FIELDS } from '@clusterstream/core';
import { describe, expect, it } from 'vitest';
import {
  ColumnSpecError,
  DEFAULT_COLUMN_PATHS,
  parseColumnSpec,
  unknownColumnPaths,
} from './column-spec.js';

describe('parseColumnSpec', () => {
  it('parses dotted paths with optional !raw and :Header, trimming spaces', () => {
    expect(
      parseColumnSpec(' id , spreadsheet.data.city:Cidade ,phone.full_number!raw: Telefone '),
    ).toEqual([
      { path: 'id', raw: false },
      { path: 'spreadsheet.data.city', header: 'Cidade', raw: false },
      { path: 'phone.full_number', header: 'Telefone', raw: true },
    ]);
  });

  it('keeps everything after the first ":" as the header', () => {
    expect(parseColumnSpec('created_at:Data: cadastro')).toEqual([
      { path: 'created_at', header: 'Data: cadastro', raw: false },
    ]);
  });

  it('expands "default" and "all"; "all" is every documented field except the secrets', () => {
    expect(parseColumnSpec('default').map((c) => c.path)).toEqual(DEFAULT_COLUMN_PATHS);
    const all = parseColumnSpec('all').map((c) => c.path);
    expect(all).toEqual(
      CUSTOMER_FIELDS.map((f) => f.path).filter(
        (p) => !(SECRET_CUSTOMER_FIELDS as readonly string[]).includes(p),
      ),
    );
    expect(all).not.toContain('token');
    expect(all).not.toContain('login_url');
    expect(all).toContain('spreadsheet.data.city');
    expect(parseColumnSpec('all', { includeSecrets: true }).map((c) => c.path)).toEqual(
      expect.arrayContaining(['token', 'login_url']),
    );
  });

  it('refuses secret fields unless secrets are included', () => {
    for (const secret of [
      'token',
      'login_url',
      'id,token:T',
      'login_url!raw',
      'spreadsheet.data.token',
    ]) {
      expect(() => parseColumnSpec(secret)).toThrow(/secret.*--include-secrets/);
    }
    expect(parseColumnSpec('id,token', { includeSecrets: true }).map((c) => c.path)).toEqual([
      'id',
      'token',
    ]);
  });

  it.each([
    ['', /empty column/],
    ['id,,name', /empty column/],
    ['id name', /invalid column "id name"/],
    ['phone..number', /invalid column/],
    ['.id', /invalid column/],
    ['id:', /header after ":" is empty/],
    ['id!RAW', /invalid column/],
    ['id,default', /"id" is listed more than once/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseColumnSpec(spec)).toThrow(ColumnSpecError);
    expect(() => parseColumnSpec(spec)).toThrow(message);
  });
});

describe('unknownColumnPaths', () => {
  it('flags paths that are neither fields nor objects holding fields', () => {
    const columns = parseColumnSpec('id,phone,spreadsheet.data,emial,phone.fullnumber');
    expect(unknownColumnPaths(columns)).toEqual(['emial', 'phone.fullnumber']);
  });
});
