// `pnpm bench` for @clusterstream/segment-watcher: a 1,000,000-member cluster from a zero-latency
// simulator (own process), watched by the built package (a fresh process per phase, so each peak
// RSS is that phase's alone). Same-run reference: core's page loop scanning the same cluster.
import { DEFAULT_CREDENTIALS } from '@clusterstream/dooki-mock';
import { execFile, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SIZE = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
const here = fileURLToPath(new URL('.', import.meta.url));
const run = promisify(execFile);

interface PhaseResult {
  phase: string;
  wallMs: number;
  maxRssMb: number;
  pages: number;
  requests: number;
  events?: number;
  joins?: number;
  leaves?: number;
  pending?: number;
  outcome?: string;
  durations?: {
    loadMs: number;
    scanMs: number;
    collectMs: number;
    diffMs: number;
    commitMs: number;
  };
}

const mock = fork(join(here, 'mock-server.mjs'), [String(SIZE)], { stdio: 'inherit' });
const reply = <T>(type: string, message?: object): Promise<T> =>
  new Promise((resolve) => {
    const onMessage = (answer: { type: string }) => {
      if (answer.type !== type) return;
      mock.off('message', onMessage);
      resolve(answer as T);
    };
    mock.on('message', onMessage);
    if (message) mock.send(message);
  });
const { url } = await reply<{ url: string }>('ready');
const dir = mkdtempSync(join(tmpdir(), 'dooki-watch-bench-'));

async function phase(name: string): Promise<PhaseResult & { served: number }> {
  const { stdout } = await run(
    process.execPath,
    [join(here, 'watch-phase.mjs'), name, url, join(dir, 'state.db')],
    {
      env: {
        ...process.env,
        DOOKI_USER_TOKEN: DEFAULT_CREDENTIALS.userToken,
        DOOKI_USER_SECRET_KEY: DEFAULT_CREDENTIALS.userSecretKey,
      },
      maxBuffer: 1 << 20,
    },
  );
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as PhaseResult;
  const { count } = await reply<{ count: number }>('requests', { type: 'requests' });
  console.error(
    `  ${name}: ${(result.wallMs / 1000).toFixed(1)} s, ${result.maxRssMb.toFixed(0)} MB, ${count} requests served`,
  );
  return { ...result, served: count };
}

try {
  console.error(`segment-watcher bench: ${SIZE.toLocaleString('en')} members`);
  await reply('requests', { type: 'requests' }); // reset the log
  const raw = await phase('raw');
  const baseline = await phase('baseline');
  const churn = await reply<{ joined: number; left: number }>('churned', {
    type: 'churn',
    percent: 1,
  });
  const churned = await phase('churn');
  const confirm = await phase('confirm');

  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const rows: string[][] = [];
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  for (const result of [baseline, churned, confirm]) {
    const d = result.durations!;
    // Diff work: everything the watcher does besides waiting for pages.
    const diffWork = d.loadMs + d.collectMs + d.diffMs + d.commitMs;
    const label = {
      baseline: 'baseline scan (silent)',
      churn: '1% churn scan',
      confirm: 'confirm scan (leaves)',
    }[result.phase]!;
    rows.push([`${label}: diff work`, s(diffWork), '<= 20 s', verdict(diffWork <= 20_000)]);
    rows.push([
      `  load / collect+stage / diff / commit`,
      `${s(d.loadMs)} / ${s(d.collectMs)} / ${s(d.diffMs)} / ${s(d.commitMs)}`,
      '',
      '',
    ]);
    rows.push([
      `  wall: scan / whole phase (core scan alone ${s(raw.wallMs)})`,
      `${s(d.scanMs)} / ${s(result.wallMs)} (${(result.wallMs / raw.wallMs).toFixed(2)}x)`,
      '',
      '',
    ]);
    rows.push([
      `  peak RSS (core scan alone: ${raw.maxRssMb.toFixed(0)} MB)`,
      `${result.maxRssMb.toFixed(0)} MB (${(result.maxRssMb / raw.maxRssMb).toFixed(2)}x)`,
      '<= 250 MB',
      verdict(result.maxRssMb <= 250),
    ]);
    rows.push([
      `  requests / pages (server-side count)`,
      `${result.requests} / ${result.pages} (${result.served})`,
      'equal',
      verdict(result.requests === result.pages && result.served === result.pages),
    ]);
    rows.push([
      `  outcome, events`,
      `${result.outcome}, ${result.events} (joins ${result.joins}, leaves ${result.leaves}, pending ${result.pending})`,
      '',
      '',
    ]);
  }
  rows.push([
    `core scan alone (reference)`,
    `${s(raw.wallMs)}, ${raw.pages} pages, ${raw.requests} requests`,
    '',
    '',
  ]);
  rows.push([`churn applied`, `${churn.joined} joined, ${churn.left} left`, '', '']);
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(
      ...rows.map((row) => row[i]!.length),
      ['measure', 'value', 'goal', 'result'][i]!.length,
    ),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(['measure', 'value', 'goal', 'result']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
} finally {
  mock.send({ type: 'stop' });
  rmSync(dir, { recursive: true, force: true });
}
