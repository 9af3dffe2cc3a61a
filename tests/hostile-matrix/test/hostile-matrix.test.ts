// The hostile-server matrix (issue 9): every consumer against every misbehaving server, one
// `it` per cell so a failure names it, and the whole table printed at the end.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { COLUMNS, ROWS, type Cell, type Row } from './rows.js';
import { builtBin } from './support/cli-process.js';
import { Guard } from './support/guard.js';
import { summarise } from './support/observed.js';
import { renderTable, type CellResult } from './support/table.js';
import { startTarget } from './support/targets.js';

/** Safety net for a consumer that waits or loops forever (before its fix): it is stopped. */
const CELL_DEADLINE_MS = 15_000;
/** Time for a stopped consumer to exit and its server to close. */
const TEARDOWN_MS = 15_000;

/** What each cell saw, shown in the table printed after the run. */
const results = new Map<Cell, CellResult>();

function record(cell: Cell, result: Omit<CellResult, 'expected' | 'variant'>): void {
  results.set(cell, {
    ...result,
    expected: cell.expected,
    ...(cell.variant === undefined ? {} : { variant: cell.variant }),
  });
}

/** A row's results by column, cells in the order the row lists them. */
function resultsByColumn(row: Row): Map<string, CellResult[]> {
  const byColumn = new Map<string, CellResult[]>();
  for (const cell of row.cells) {
    const result = results.get(cell);
    if (result !== undefined)
      byColumn.set(cell.column, [...(byColumn.get(cell.column) ?? []), result]);
  }
  return byColumn;
}

beforeAll(() => {
  builtBin('@clusterstream/csv-export');
  builtBin('@clusterstream/segment-watcher');
});

afterAll(() => {
  const table = renderTable(
    COLUMNS,
    ROWS.map((row) => ({ title: row.title, cells: resultsByColumn(row) })),
  );
  console.log(`\nHostile-server matrix\n\n${table}\n`);
});

// Cells run concurrently, up to the config's maxConcurrency: each has its own server and files.
describe.concurrent('hostile-server matrix', () => {
  for (const row of ROWS) {
    describe(row.title, () => {
      for (const cell of row.cells) {
        const timeout = (row.deadlineMs ?? CELL_DEADLINE_MS) + TEARDOWN_MS;
        it(cellName(cell), () => runCell(row, cell), timeout);
      }
    });
  }
});

/** Runs one cell on a fresh server, records what it saw, then asserts. */
async function runCell(row: Row, cell: Cell): Promise<void> {
  const guard = new Guard(row.maxRequests, row.deadlineMs ?? CELL_DEADLINE_MS);
  const target = await startTarget(cell.target ?? row.target, guard.onRequest);
  try {
    const observed = await cell.run(target, guard).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      record(cell, { passed: false, observed: `could not run: ${message}` });
      throw error;
    });
    const summary = summarise(observed, cell.unit);
    try {
      cell.check(observed, target);
    } catch (error) {
      record(cell, { passed: false, observed: summary });
      throw error;
    }
    record(cell, { passed: true, observed: summary });
  } finally {
    guard.dispose();
    await target.close();
  }
}

function cellName(cell: Cell): string {
  const column = cell.variant === undefined ? cell.column : `${cell.column} (${cell.variant})`;
  return `${column}: ${cell.expected}`;
}
