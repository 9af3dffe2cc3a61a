/** One cell's result, as the table shows it. */
export interface CellResult {
  passed: boolean;
  /** What was observed (see `summarise`). */
  observed: string;
  expected: string;
  variant?: string;
}

/**
 * The matrix as markdown: one line per row, one column per consumer; a cell shows ✅ or ❌
 * and what was observed, plus what was expected when it differs.
 */
export function renderTable(
  columns: readonly string[],
  rows: readonly { title: string; cells: ReadonlyMap<string, CellResult[]> }[],
): string {
  const escape = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const render = (result: CellResult): string => {
    const variant = result.variant === undefined ? '' : `**${result.variant}**: `;
    const verdict = result.passed ? '✅' : '❌';
    const expected = result.passed ? '' : ` (expected: ${result.expected})`;
    return escape(`${variant}${verdict} ${result.observed}${expected}`);
  };
  const lines = [
    `| behaviour | ${columns.join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`,
  ];
  for (const row of rows) {
    const cells = columns.map(
      (column) => (row.cells.get(column) ?? []).map(render).join('<br>') || 'not run',
    );
    lines.push(`| ${escape(row.title)} | ${cells.join(' | ')} |`);
  }
  const results = rows.flatMap((row) => [...row.cells.values()].flat());
  const passed = results.filter((result) => result.passed).length;
  lines.push('', `${passed} of ${results.length} cells as expected.`);
  return lines.join('\n');
}
