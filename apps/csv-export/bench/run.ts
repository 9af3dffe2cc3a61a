// Benchmarks of dooki-csv (run after a build: `pnpm bench`). The simulator runs in its own
// process without rate limit or latency; every figure is a ratio to a same-run baseline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench, startSimulator } from '@clusterstream/bench-kit';
import { audiencePresets, endToEnd } from './end-to-end.js';
import { mappingAndEncoding } from './encoding.js';
import { exportClient, sampleCustomers } from './export-client.js';
import { peakRss } from './memory.js';

const LARGE = { id: 1, size: 500_000 };
const SMALL = { id: 2, size: 100_000 };
const SAMPLE = 20_000; // records fetched once, cycled by the in-memory bench

const dir = mkdtempSync(join(tmpdir(), 'dooki-csv-bench-'));
try {
  await using sim = await startSimulator({
    clusters: [LARGE, SMALL],
    rateLimit: false,
    latencyMs: 0,
  });
  await runBench('@clusterstream/csv-export (dooki-csv)', async (suite) => {
    await suite.section('end to end', () => endToEnd(suite, sim, dir, SMALL));
    await suite.section('mapping + encoding', async () => {
      const records = await sampleCustomers(exportClient(sim), LARGE.id, SAMPLE);
      await mappingAndEncoding(suite, records, dir);
    });
    await suite.section('audience presets', () => audiencePresets(suite, sim, dir, SMALL));
    await suite.section('peak RSS', () => peakRss(suite, sim, dir, SMALL, LARGE));
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
