// The result table: measured figure, same-run baseline, ratio, goal and PASS/MISS.

export interface Row {
  name: string;
  measured: string;
  baseline: string;
  ratio: string;
  goal: string;
  pass: boolean;
}

export const perSecond = (r: { ms: number; items: number }): number => (r.items / r.ms) * 1000;
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printTable(rows: Row[]): void {
  const header = ['Benchmark', 'Measured', 'Baseline (same run)', 'Ratio', 'Goal', 'Result'];
  const lines = rows.map((r) => [
    r.name,
    r.measured,
    r.baseline,
    r.ratio,
    r.goal,
    r.pass ? 'PASS' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}
