import { describe, expect, it } from 'vitest';
import { FleetConfigError, parseFleetConfig } from '../../src/fleet/fleet-config.js';

const VALID = `# two stores, one webhook each
interval: 10m
rules:
  confirmScans: 3
stores:
  - alias: loja-a
    credentials: { userTokenEnv: LOJA_A_TOKEN, userSecretKeyEnv: LOJA_A_SECRET }
    clusters: all
    sinks:
      - webhook: https://hooks.example.com/a
        secretEnv: LOJA_A_WEBHOOK_SECRET
  - alias: loja-b
    credentials: { userTokenEnv: LOJA_B_TOKEN, userSecretKeyEnv: LOJA_B_SECRET }
    clusters: [7, 9]
    interval: 30s
    rules: { maxLeavePercent: 5 }
    sinks:
      - ndjson: /var/lib/dooki/loja-b.ndjson
`;

const problemsOf = (text: string): readonly string[] => {
  try {
    parseFleetConfig(text, 'fleet.yaml');
  } catch (error) {
    if (error instanceof FleetConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the fleet file to be refused');
};

describe('parseFleetConfig', () => {
  it('reads stores, defaults and per-store overrides', () => {
    const config = parseFleetConfig(VALID);
    expect(config.interval).toBe(600_000);
    expect(config.rules).toEqual({ confirmScans: 3 });
    expect(config.stores.map((store) => [store.alias, store.clusters, store.interval])).toEqual([
      ['loja-a', 'all', undefined],
      ['loja-b', [7, 9], 30_000],
    ]);
    expect(config.stores[0]!.sinks[0]).toEqual({
      webhook: 'https://hooks.example.com/a',
      secretEnv: 'LOJA_A_WEBHOOK_SECRET',
    });
  });

  it('names the line and the path of each problem', () => {
    const text = VALID.replace('clusters: [7, 9]', 'clusters: [7, -9]').replace(
      'interval: 30s',
      'interval: soon',
    );
    expect(problemsOf(text)).toEqual([
      'line 14: stores[1].clusters[1]: Too small: expected number to be >0',
      'line 15: stores[1].interval: interval: "soon" is not a duration like 30s, 15m or 1h',
    ]);
  });

  it('refuses a secret written inline, pointing at its line', () => {
    const text = VALID.replace(
      'credentials: { userTokenEnv: LOJA_A_TOKEN, userSecretKeyEnv: LOJA_A_SECRET }',
      'credentials: { userToken: 6f1c0d2e, userSecretKeyEnv: LOJA_A_SECRET }',
    );
    const problems = problemsOf(text);
    expect(problems[0]).toBe(
      'line 7: stores[0].credentials.userToken: secrets are never written in the file; name an environment variable (userTokenEnv, userSecretKeyEnv, secretEnv)',
    );
    expect(problems.join('\n')).not.toContain('6f1c0d2e');
  });

  it('refuses an environment variable name that looks like a secret value', () => {
    const text = VALID.replace('secretEnv: LOJA_A_WEBHOOK_SECRET', 'secretEnv: whsec_abc123');
    expect(problemsOf(text)).toEqual([
      'line 11: stores[0].sinks[0].secretEnv: must be an environment variable NAME (A-Z, 0-9, _), not the secret itself',
    ]);
  });

  it('refuses the same store twice (it would double the store’s API budget)', () => {
    const text = VALID.replace('alias: loja-b', 'alias: loja-a');
    expect(problemsOf(text)).toEqual(['line 12: stores[1].alias: "loja-a" is already stores[0]']);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('interval: 10m\nstores:\n  - alias: [unclosed\n')[0]).toMatch(/^line [34]: /);
  });

  it('refuses unknown keys, so a typo is not silently ignored', () => {
    const problems = problemsOf(VALID.replace('interval: 10m', 'intervall: 10m'));
    expect(problems).toEqual(['line 2: (top level): Unrecognized key: "intervall"']);
  });
});
