import { describe, expect, it } from 'vitest';
import { parseFleetConfig } from '../../src/fleet/fleet-config.js';
import { FleetMetrics } from '../../src/fleet/fleet-metrics.js';
import { budgetFloorMs, prepareFleetStores } from '../../src/fleet/fleet-stores.js';

const FILE = `interval: 10s
baseUrl: http://127.0.0.1:9/v2
stores:
  - alias: loja-a
    credentials: { userTokenEnv: A_TOKEN, userSecretKeyEnv: A_SECRET }
    clusters: [1, 2]
    sinks: [{ ndjson: /tmp/never-opened.ndjson }]
`;
const ENV = { A_TOKEN: 'token-a', A_SECRET: 'secret-a' };
const metrics = () => new FleetMetrics([], () => Promise.resolve({ outbox: [], quarantined: [] }));

describe('prepareFleetStores (issue 17: the DOOKI_* variables, the budget floor)', () => {
  it('reads DOOKI_RATE_LIMIT like every dooki-watch, and refuses an interval the quota cannot serve', () => {
    const config = parseFleetConfig(FILE);
    const warnings: string[] = [];
    expect(prepareFleetStores(config, ENV, metrics(), warnings).get('loja-a')!.quota).toEqual({
      limit: 60,
      windowMs: 60_000,
    });
    // One request a minute: two clusters cannot both be scanned every 10 s.
    expect(() =>
      prepareFleetStores(config, { ...ENV, DOOKI_RATE_LIMIT: '1/60000' }, metrics(), warnings),
    ).toThrow(
      /loja-a: interval 10000 ms is shorter than one request per cluster allows within its quota \(120000 ms\)/,
    );
    expect(
      prepareFleetStores(
        config,
        { ...ENV, DOOKI_RATE_LIMIT: '600/10000' },
        metrics(),
        warnings,
      ).get('loja-a')!.quota,
    ).toEqual({ limit: 600, windowMs: 10_000 });
  });

  it('lists every missing variable at once, and warns that DOOKI_USER_TOKEN does not apply', () => {
    const config = parseFleetConfig(FILE);
    const warnings: string[] = [];
    expect(() =>
      prepareFleetStores(config, { DOOKI_USER_TOKEN: 'x' }, metrics(), warnings),
    ).toThrow(/set A_TOKEN \(loja-a User-Token\)\n\s+set A_SECRET \(loja-a User-Secret-Key\)/);
    expect(warnings).toEqual([
      "DOOKI_USER_TOKEN is ignored by the fleet: the fleet file names each store's credentials",
    ]);
  });

  it('needs one request per listed cluster (at least one for all) within the quota', () => {
    expect(budgetFloorMs([1, 2, 3], { limit: 60, windowMs: 60_000 })).toBe(3_000);
    expect(budgetFloorMs('all', { limit: 60, windowMs: 60_000 })).toBe(1_000);
    expect(budgetFloorMs([1], false)).toBe(0);
  });
});
