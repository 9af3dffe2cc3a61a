// The vitest JSON reports (`test-results*.json`) of every workspace package of a checkout: found,
// cleared before a run and added up after it, for the README's `N passed, N failed` line.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Every workspace package folder of the checkout at `root` (pnpm-workspace.yaml's globs). */
export function workspacesOf(root) {
  return ['packages', 'apps', 'tests'].flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, dir, entry.name)),
  );
}

function reportsOf(workspace) {
  return readdirSync(workspace)
    .filter((name) => /^test-results.*\.json$/.test(name))
    .map((name) => join(workspace, name));
}

/** Deletes the reports of an earlier run, so that only this run's tests are counted. */
export function clearReports(root) {
  for (const workspace of workspacesOf(root)) {
    for (const report of reportsOf(workspace)) rmSync(report);
  }
}

/**
 * Adds up the reports of the checkout at `root`; `only` keeps the reports whose file name it
 * accepts (e.g. the e2e reports alone).
 */
export function countReports(root, only = () => true) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const workspace of workspacesOf(root)) {
    for (const report of reportsOf(workspace).filter(only)) {
      const result = JSON.parse(readFileSync(report, 'utf8'));
      total.passed += result.numPassedTests;
      total.failed += result.numFailedTests;
      total.skipped += result.numPendingTests + (result.numTodoTests ?? 0);
      // A suite that failed to load counts no tests; count it as a failure.
      if (result.numFailedTestSuites > 0 && result.numFailedTests === 0) total.failed += 1;
    }
  }
  return total;
}

export const isE2eReport = (report) => /test-results\.e2e\./.test(report);
