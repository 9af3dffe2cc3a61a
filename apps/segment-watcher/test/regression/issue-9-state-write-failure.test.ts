import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { startMock, tempStatePath } from '../helpers/fixtures.js';
import { cli, requireBuild, spawnCli, watchArgs } from '../helpers/cli.js';

beforeAll(requireBuild);

/** `node --import` of a preload that lets SQLite reuse free pages but never grow the file. */
const FULL_DISK = ['--import', fileURLToPath(new URL('../helpers/full-disk.mjs', import.meta.url))];

describe('a state file that cannot be written (issue 9, defect 11)', () => {
  it('is reported as a state-file error naming the file and the next step (exit 8), not as an incomplete scan', async () => {
    await using api = await startMock({ clusters: [{ id: 1, size: 100 }] });
    const state = tempStatePath();
    const args = watchArgs(api.url, state);
    expect((await cli(args)).code).toBe(0); // baseline on a disk with room
    const { joined } = api.control.churn(1, { join: 3000 });

    const full = await spawnCli(args, undefined, FULL_DISK).exited;
    expect(full.stderr).not.toMatch(/INCOMPLETE/);
    expect(full.code).toBe(8);
    expect(full.stderr).toContain(`dooki-watch: cannot write the state file ${state}`);
    expect(full.stderr).toMatch(/SQLITE_FULL/);
    expect(full.stderr).toMatch(/next step: free disk space/);
    expect(full.stdout).toBe('');

    // Nothing was half-committed: with room again, the same changes come out once.
    const after = await cli(args);
    expect(after.code).toBe(0);
    const events = after.stdout.lines() as { type: string; customer_id: number }[];
    expect(events.map((event) => event.customer_id)).toEqual(joined);
  }, 30_000);
});
