import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs a fixture bench the way the packages' `bench` scripts do (ts-node's ESM loader). */
const runFixture = (name: string, env: NodeJS.ProcessEnv = {}, args: string[] = []) =>
  spawnSync(
    process.execPath,
    ['--no-warnings', '--loader', 'ts-node/esm', `test/fixtures/${name}.ts`, ...args],
    { cwd: packageDir, encoding: 'utf8', env: { ...process.env, BENCH_NO_FAIL: '', ...env } },
  );

describe('runBench', () => {
  it('prints MISS and exits non-zero when a goal is missed', () => {
    const run = runFixture('impossible-goal');
    expect(run.stdout).toMatch(/\| same work twice .*\| >= 2\.00x \| MISS +\|/);
    expect(run.stdout).toMatch(/\| always met .*\| PASS +\|/);
    expect(run.stdout).toMatch(/node v\d+.* CPUs .*load average/);
    expect(run.stdout).toContain('1/2 goals met');
    expect(run.status).not.toBe(0);
  });

  it('exits 0 on a missed goal only when asked to (--no-fail, BENCH_NO_FAIL=1)', () => {
    expect(runFixture('impossible-goal', {}, ['--no-fail']).status).toBe(0);
    const run = runFixture('impossible-goal', { BENCH_NO_FAIL: '1' });
    expect(run.stdout).toContain('MISS');
    expect(run.status).toBe(0);
  });

  it('reports a section that throws as ERROR and exits non-zero', () => {
    const run = runFixture('throwing-section');
    expect(run.stdout).toMatch(/\| broken +\| threw: simulator refused to start .*\| ERROR +\|/);
    expect(run.status).not.toBe(0);
  });
});
