import { formatGoal, withUnit } from './format.js';
import { judge, type Goal, type Verdict } from './verdict.js';

/** One line of a bench's table. `value` (with `unit`, `x` for a ratio) is what `goal` judges. */
export interface BenchRow {
  bench: string;
  /** What is measured, with its own figure (e.g. `core prefetch 1: 152k items/s`). */
  contender: string;
  /** What it is compared with, measured in the same run (e.g. `raw fetch loop: 160k items/s`). */
  baseline: string;
  value?: number;
  /** Default `x`. */
  unit?: string;
  goal?: Goal;
  /** Set by the harness; a bench that threw gets `ERROR`. */
  verdict?: Verdict;
}

export const TABLE_COLUMNS = ['bench', 'contender', 'baseline', 'ratio', 'goal', 'verdict'];

/**
 * Rounds a figure at the precision it is printed with, toward missing its goal, so a MISS never
 * prints as met (0.8996 against >= 0.90 prints 0.899x, not 0.900x).
 */
const towardMiss = (value: number, unit: string, goal: Goal | undefined): number => {
  if (goal === undefined) return value;
  const digits = unit === 'x' ? (value < 10 ? 3 : 1) : value < 10 ? 2 : 0;
  const scale = 10 ** digits;
  const round = 'atLeast' in goal ? Math.floor : Math.ceil;
  return round(value * scale) / scale;
};

/** The cells of a row, judged. */
export function rowCells(row: BenchRow): string[] {
  const unit = row.unit ?? 'x';
  const verdict = row.verdict ?? judge(row.value, row.goal);
  const value =
    row.value === undefined ? '-' : withUnit(towardMiss(row.value, unit, row.goal), unit);
  return [row.bench, row.contender, row.baseline, value, formatGoal(row.goal, unit), verdict];
}

/** A Markdown table, columns padded so it also reads in a terminal. */
export function renderTable(rows: readonly BenchRow[]): string {
  const lines = rows.map(rowCells);
  const widths = TABLE_COLUMNS.map((title, i) =>
    Math.max(title.length, ...lines.map((cells) => cells[i]!.length)),
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(TABLE_COLUMNS),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(line),
  ].join('\n');
}
