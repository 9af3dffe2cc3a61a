import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { csvObjects, parseCsv } from './helpers/parse-csv.js';
import { mockArgs, runCli, startTestMock, tempDir } from './helpers/cli.js';

const dirs: Array<{ remove: () => void }> = [];
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));
const newDir = (): string => {
  const dir = tempDir();
  dirs.push(dir);
  return dir.path;
};

describe('every customer exactly once', () => {
  it.each([
    { size: 0, format: 'rfc4180', pageSize: '100' },
    { size: 1, format: 'excel-br', pageSize: '100' },
    { size: 100, format: 'rfc4180', pageSize: '100' },
    { size: 101, format: 'excel-br', pageSize: '100' },
    { size: 257, format: 'rfc4180', pageSize: '9' },
    { size: 1234, format: 'excel-br', pageSize: '100' },
  ])('$size customers, $format, page size $pageSize', async ({ size, format, pageSize }) => {
    await using api = await startTestMock({ seed: size, clusters: [{ id: 3, size }] });
    const dir = newDir();
    const out = join(dir, 'cluster.csv');
    const result = await runCli(
      mockArgs(
        api,
        '--cluster',
        '3',
        '--format',
        format,
        '--page-size',
        pageSize,
        '--columns',
        'id,name,email',
        '--out',
        out,
      ),
    );
    expect(result.stderr).toMatch(new RegExp(`^dooki-csv: ${size} rows from cluster 3 → ${out} `));
    expect(result.code).toBe(0);
    const parsed = parseCsv(readFileSync(out, 'utf8'), format === 'excel-br' ? ';' : ',');
    expect(parsed.header).toEqual(
      format === 'excel-br' ? ['ID', 'Nome', 'E-mail'] : ['id', 'name', 'email'],
    );
    const ids = parsed.rows.map(([id]) => Number(id));
    expect(ids).toEqual(api.control.members(3)); // ascending, no gaps, no repeats
    for (const [id, name, email] of parsed.rows) {
      const customer = api.control.customer(Number(id));
      expect([name, email]).toEqual([customer.name, customer.email]);
    }
    expect(readdirSync(dir)).toEqual(['cluster.csv']); // no temporary file left behind
  });

  it('exports several clusters with a cluster_id column saying where each row came from', async () => {
    await using api = await startTestMock({
      clusters: [
        { id: 1, size: 150 },
        { id: 2, size: 40 },
        { id: 5, size: 7 },
      ],
    });
    const result = await runCli(mockArgs(api, '--cluster', '1,5', '--columns', 'id'));
    expect(result.code).toBe(0);
    const rows = csvObjects(parseCsv(result.stdout.text));
    expect(rows.filter((row) => row.cluster_id === '1').map((row) => Number(row.id))).toEqual(
      api.control.members(1),
    );
    expect(rows.filter((row) => row.cluster_id === '5').map((row) => Number(row.id))).toEqual(
      api.control.members(5),
    );
    expect(rows).toHaveLength(157);
    expect(result.stderr).toMatch(/157 rows from 2 clusters → stdout/);
  });

  it('--all-clusters exports every cluster of the store', async () => {
    await using api = await startTestMock({
      clusters: [
        { id: 1, size: 30 },
        { id: 2, size: 0 },
        { id: 9, size: 12 },
      ],
    });
    const result = await runCli(mockArgs(api, '--all-clusters', '--columns', 'id', '--out', '-'));
    expect(result.code).toBe(0);
    const parsed = parseCsv(result.stdout.text);
    expect(parsed.header).toEqual(['cluster_id', 'id']);
    const expected = [1, 2, 9].flatMap((cluster) =>
      api.control.members(cluster).map((id) => [String(cluster), String(id)]),
    );
    expect(parsed.rows).toEqual(expected);
    // One request lists the clusters, then one page per cluster.
    expect(result.stderr).toMatch(
      /42 rows from 3 clusters → stdout \(3 pages, 4 requests, 0 retries/,
    );
  });

  it('--limit stops after that many rows in total and fetches no page beyond them', async () => {
    await using api = await startTestMock({
      clusters: [
        { id: 1, size: 500 },
        { id: 2, size: 500 },
      ],
    });
    const result = await runCli(
      mockArgs(api, '--cluster', '1,2', '--limit', '150', '--columns', 'id'),
    );
    expect(result.code).toBe(0);
    const rows = parseCsv(result.stdout.text).rows;
    expect(rows.map(([cluster, id]) => [Number(cluster), Number(id)])).toEqual(
      api.control
        .members(1)
        .slice(0, 150)
        .map((id) => [1, id]),
    );
    expect(api.requests.filter((entry) => entry.route === 'cluster-customers')).toHaveLength(2);
  });

  it('--gzip writes a gzip file holding the same CSV', async () => {
    await using api = await startTestMock({ clusters: [{ id: 4, size: 120 }] });
    const out = join(newDir(), 'vip.csv.gz');
    const result = await runCli(
      mockArgs(api, '--cluster', '4', '--gzip', '--columns', 'id', '--out', out),
    );
    expect(result.code).toBe(0);
    const parsed = parseCsv(gunzipSync(readFileSync(out)).toString('utf8'));
    expect(parsed.rows.map(([id]) => Number(id))).toEqual(api.control.members(4));
  });

  it('default columns: id, name, email, phone, flags and a formatted signup date', async () => {
    await using api = await startTestMock({ clusters: [{ id: 1, size: 3 }] });
    const result = await runCli(mockArgs(api, '--cluster', '1', '--format', 'excel-br'));
    const [row] = csvObjects(parseCsv(result.stdout.text, ';'));
    const customer = api.control.customer(Number(row!.ID));
    const [day, time] = customer.created_at.date.split(' ');
    const [y, m, d] = day!.split('-');
    expect(row).toEqual({
      ID: String(customer.id),
      Nome: customer.name,
      'E-mail': customer.email,
      Telefone: customer.phone.full_number,
      Newsletter: customer.newsletter ? 'VERDADEIRO' : 'FALSO',
      WhatsApp: customer.whatsapp ? 'VERDADEIRO' : 'FALSO',
      Ativo: customer.active ? 'VERDADEIRO' : 'FALSO',
      'Criado em': `${d}/${m}/${y} ${time!.slice(0, 8)}`,
    });
  });
});
