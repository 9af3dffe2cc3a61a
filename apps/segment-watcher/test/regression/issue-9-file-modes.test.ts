import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNdjsonFileSink } from '../../src/sinks/ndjson-file-sink.js';
import { startMock, tempStatePath } from '../helpers/fixtures.js';
import { cli, requireBuild, spawnCli, watchArgs } from '../helpers/cli.js';

beforeAll(requireBuild);

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

function paths() {
  const state = tempStatePath();
  return {
    state,
    wal: `${state}-wal`,
    shm: `${state}-shm`,
    out: join(dirname(state), 'events.ndjson'),
  };
}

describe('files holding personal data are 0600 (issue 9, defect 6)', () => {
  it('creates the state file, its -wal and -shm (made by SQLite) and the --out file 0600', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 40 }] });
    const files = paths();
    // A daemon keeps the database open, so SQLite's -wal and -shm exist while we look.
    const daemon = spawnCli([
      ...watchArgs(api.url, files.state),
      '--interval',
      '1h',
      '--emit-initial',
      '--out',
      files.out,
    ]);
    await daemon.stderrMatch(/scan #1 baseline/);
    const modes = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, modeOf(p)]));
    daemon.child.kill('SIGTERM');
    const run = await daemon.exited;
    expect(modes).toEqual({ state: '0600', wal: '0600', shm: '0600', out: '0600' });
    expect(run.code).toBe(130);
    expect(run.stderr).not.toMatch(/tightened/);
  });

  it('tightens existing files with wider modes and says so once', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 40 }] });
    const files = paths();
    const args = [...watchArgs(api.url, files.state), '--out', files.out];
    expect((await cli(args)).code).toBe(0);
    writeFileSync(files.out, '');
    // An open connection keeps -wal and -shm in place, as an older dooki-watch left them.
    const other = new Database(files.state);
    other.prepare('SELECT count(*) FROM members').get();
    for (const path of Object.values(files)) chmodSync(path, 0o644);

    const run = await cli(args);
    const modes = Object.values(files).map(modeOf);
    other.close();
    expect(run.code).toBe(0);
    expect(modes).toEqual(['0600', '0600', '0600', '0600']);
    const notes = run.stderr.text.split('\n').filter((line) => /tightened/.test(line));
    expect(notes).toHaveLength(1);
    for (const path of Object.values(files)) expect(notes[0]).toContain(`${path} (was 0644)`);

    const again = await cli(args);
    expect(again.stderr.text).not.toMatch(/tightened/);
  });

  it('leaves anything but a regular file alone (--out /dev/null must not chmod /dev/null)', async () => {
    const { out } = paths();
    expect(spawnSync('mkfifo', ['-m', '644', out]).status).toBe(0);
    const notes: unknown[] = [];
    const sink = await createNdjsonFileSink(out, { onTightened: (file) => notes.push(file) });
    await sink.close?.();
    expect(modeOf(out)).toBe('0644');
    expect(notes).toEqual([]);
  });
});
