// The vitest JSON reports (`test-results*.json`) of every workspace package of a checkout: found,
// cleared before a run and added up after it, for the README's `N passed, N failed` line.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

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

/** Every report of the checkout that `only` accepts, parsed: the one loop over them. */
function* readReports(root, only) {
  for (const workspace of workspacesOf(root)) {
    for (const report of reportsOf(workspace).filter(only)) {
      yield { report, result: JSON.parse(readFileSync(report, 'utf8')) };
    }
  }
}

/**
 * The test files of a report that failed with no failed test: a file that failed to load, or a
 * hook that threw. They count no tests, so each counts as one failure.
 */
function filesFailedWithoutTests(result) {
  return (result.testResults ?? []).filter(
    (file) =>
      file.status === 'failed' &&
      !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  );
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
  for (const { result } of readReports(root, only)) {
    total.passed += result.numPassedTests;
    total.failed += result.numFailedTests + filesFailedWithoutTests(result).length;
    total.skipped += result.numPendingTests + (result.numTodoTests ?? 0);
  }
  return total;
}

/** The first line of a failure message, without vitest's colour codes. */
function firstLine(message = '') {
  // eslint-disable-next-line no-control-regex
  const plain = String(message).replace(/\u001b\[[0-9;]*m/g, '');
  return plain.split('\n').find((line) => line.trim() !== '') ?? '';
}

/** A test file as the checkout names it (a report may name something else, e.g. an e2e row). */
const fileLabel = (root, name) => (isAbsolute(name) ? relative(root, name) : name);

/**
 * The failed tests of the checkout at `root`, one line each (file › test: first line of the
 * error): printed just above the closing line, so a log cut to its last lines still names them.
 */
export function failuresOf(root, only = () => true) {
  const failures = [];
  for (const { report, result } of readReports(root, only)) {
    for (const file of result.testResults ?? []) {
      const where = fileLabel(root, file.name ?? report);
      const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
      for (const test of failed) {
        const title = [...(test.ancestorTitles ?? []), test.title].join(' › ');
        failures.push(`${where} › ${title}: ${firstLine(test.failureMessages?.[0])}`);
      }
    }
    for (const file of filesFailedWithoutTests(result)) {
      failures.push(`${fileLabel(root, file.name ?? report)}: ${firstLine(file.message)}`);
    }
  }
  return failures;
}

export const isE2eReport = (report) => /test-results\.e2e\./.test(report);
