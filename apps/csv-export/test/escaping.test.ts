import { describe, expect, it } from 'vitest';
import { csvObjects, parseCsv } from './helpers/parse-csv.js';
import { runCli, startTestMock } from './helpers/cli.js';
import { startRewritingProxy } from './helpers/rewriting-proxy.js';

const HOSTILE = [
  '=HYPERLINK("http://evil.example","click")',
  '+5511999990000',
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  'Ana "Aninha"; Souza, SP\r\nsegunda linha',
];

describe('escaping through the whole CLI', () => {
  it.each(['rfc4180', 'excel-br'])(
    '%s: formulas get a leading quote, !raw columns do not, every cell round-trips',
    async (format) => {
      await using api = await startTestMock({ clusters: [{ id: 1, size: HOSTILE.length }] });
      const ids = api.control.members(1);
      await using proxy = await startRewritingProxy(api.url, (customer) => {
        const payload = HOSTILE[ids.indexOf(customer.id as number)]!;
        customer.name = payload;
        customer.phone = { full_number: payload };
      });
      const args = [
        '--alias',
        'demo-store',
        '--base-url',
        proxy.url,
        '--cluster',
        '1',
        '--format',
        format,
      ];
      const result = await runCli([...args, '--columns', 'id,name,phone.full_number!raw:raw']);
      expect(result.code).toBe(0);
      const rows = csvObjects(parseCsv(result.stdout.text, format === 'excel-br' ? ';' : ','));
      const name = format === 'excel-br' ? 'Nome' : 'name';
      expect(rows.map((row) => row[name])).toEqual([
        `'${HOSTILE[0]}`,
        `'${HOSTILE[1]}`,
        `'${HOSTILE[2]}`,
        `'${HOSTILE[3]}`,
        `'${HOSTILE[4]}`,
        HOSTILE[5],
      ]);
      expect(rows.map((row) => row.raw)).toEqual(HOSTILE);
    },
  );
});
