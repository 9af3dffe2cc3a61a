// The README's test command: build, typecheck, lint and test every package
// (plus the n8n end-to-end suite), then print one `N passed, N failed` line
// that totals every test that ran, from the vitest JSON reports.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'apps'].flatMap((dir) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, dir, entry.name)),
);
const reportsOf = (workspace) =>
  readdirSync(workspace).filter((name) => /^test-results.*\.json$/.test(name));

for (const workspace of workspaces) {
  for (const report of reportsOf(workspace)) rmSync(join(workspace, report));
}

const run = (command, args) => {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
};

const steps = [
  // --continue: one failing package must not hide the results of the others.
  run('turbo', ['run', 'build', 'typecheck', 'lint', 'test', '--continue']),
  run('prettier', ['--check', '.']),
  run('turbo', ['run', 'test:e2e', '--continue']),
];

let passed = 0;
let failed = 0;
let skipped = 0;
for (const workspace of workspaces) {
  for (const report of reportsOf(workspace)) {
    const result = JSON.parse(readFileSync(join(workspace, report), 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    skipped += result.numPendingTests + (result.numTodoTests ?? 0);
    // A suite that failed to load counts no tests; count it as a failure.
    if (result.numFailedTestSuites > 0 && result.numFailedTests === 0) failed += 1;
  }
}
const stepFailures = steps.filter((status) => status !== 0).length;
if (stepFailures > 0 && failed === 0) {
  // Build, typecheck, lint or format failed: that is a failed check too.
  failed += stepFailures;
}
if (!existsSync(join(root, 'node_modules'))) failed += 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || stepFailures > 0 ? 1 : 0);
