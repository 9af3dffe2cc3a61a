// The README's test command: build, typecheck, lint and test every package
// (plus the n8n end-to-end suite), then print one `N passed, N failed` line
// that totals every test that ran, from the vitest JSON reports.
import { spawn, spawnSync } from 'node:child_process';
import { setPriority } from 'node:os';
import { readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'apps', 'tests'].flatMap((dir) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, dir, entry.name)),
);
const reportsOf = (workspace) =>
  readdirSync(workspace).filter((name) => /^test-results.*\.json$/.test(name));

for (const workspace of workspaces) {
  for (const report of reportsOf(workspace)) rmSync(join(workspace, report));
}

// The n8n end-to-end matrix needs several n8n installs (minutes each on a cold machine, cached
// after that): warm the cache in the background, at low priority, while everything else builds
// and tests. scripts/e2e.mjs waits for an install still under way (a lock per install).
const n8nInstaller = spawn(
  process.execPath,
  [join(root, 'apps', 'n8n-nodes-yampi-clusters', 'scripts', 'n8n-install.mjs')],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
try {
  setPriority(n8nInstaller.pid, 10);
} catch {
  // Not allowed here: it just runs at normal priority.
}

const run = (command, args) => {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
};

const steps = [
  // --continue: one failing package must not hide the results of the others.
  // Two tasks at a time on these 2-core machines: more only makes every suite (and its
  // network timeouts) slower without finishing sooner.
  run('turbo', ['run', 'build', 'typecheck', 'lint', 'test', '--continue', '--concurrency=2']),
  run('prettier', ['--check', '.']),
  run('turbo', ['run', 'test:e2e', '--continue']),
];
// Normally long done (the e2e step waited for it); never leave it running.
n8nInstaller.kill();

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
