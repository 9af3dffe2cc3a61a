// scripts/check-repository.mjs, run the way release.yml runs it (a child process with the
// variables GitHub Actions sets): it must refuse to publish from any other repository.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const script = join(root, 'scripts', 'check-repository.mjs');

async function check(env: Record<string, string>) {
  const { GITHUB_REPOSITORY: _repository, GITHUB_SERVER_URL: _server, ...rest } = process.env;
  return promisify(execFile)(process.execPath, [script], { env: { ...rest, ...env } }).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stderr: string }) => ({ code: error.code, output: error.stderr }),
  );
}

describe('check-repository', () => {
  it('lets the release through from the repository every package names', async () => {
    const result = await check({
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'clusterstream/clusterstream',
    });
    expect(result).toMatchObject({ code: 0 });
  });

  it('refuses to publish from a fork, naming every package', async () => {
    const result = await check({
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'someone/clusterstream',
    });
    expect(result.code).toBe(1);
    for (const name of ['@clusterstream/core', 'n8n-nodes-yampi-clusters']) {
      expect(result.output).toContain(`${name}: repository.url is`);
    }
  });

  it('refuses outside GitHub Actions', async () => {
    expect((await check({})).code).toBe(1);
  });
});
