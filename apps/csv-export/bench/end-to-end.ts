// dooki-csv end to end (exportClusterCsv, the CLI's path, writing a file) against the floor of
// the same client: fetching and parsing the same pages with the same read-ahead, nothing else.
import { join } from 'node:path';
import { compact, interleave, type BenchSuite, type Simulator } from '@clusterstream/bench-kit';
import {
  AUDIENCE_PRESET_NAMES,
  exportClusterCsv,
  type AudienceExportOptions,
} from '../src/index.js';
import { exportClient } from './export-client.js';

const PREFETCH = 1; // the exporter's default

export async function endToEnd(
  suite: BenchSuite,
  sim: Simulator,
  dir: string,
  cluster: { id: number; size: number },
): Promise<void> {
  const client = exportClient(sim);
  const exported = async (): Promise<number> => {
    const summary = await exportClusterCsv({
      client,
      clusters: [cluster.id],
      output: { file: join(dir, 'end-to-end.csv') },
      prefetch: PREFETCH,
    });
    if (summary.rows !== cluster.size) throw new Error(`exported ${summary.rows} rows`);
    return summary.rows;
  };
  const floor = async (): Promise<number> => {
    let items = 0;
    for await (const page of client.iterateClusterCustomerPages(cluster.id, {
      prefetch: PREFETCH,
    })) {
      items += page.items.length;
    }
    return items;
  };
  const result = await interleave({ floor, exported }, { warmup: 1, rounds: 7 });
  suite.add({
    bench: `dooki-csv end to end, ${cluster.size / 1000}k rows to a file (rows/s, median of ${result.rounds})`,
    contender: `exportClusterCsv: ${compact(result.rate('exported'))}/s`,
    baseline: `same client, fetch + parse only: ${compact(result.rate('floor'))}/s`,
    value: result.ratio('exported', 'floor'),
    goal: { atLeast: 0.85 },
  });
}

/** The hashed ad-audience presets against the plain export of the same cluster. */
export async function audiencePresets(
  suite: BenchSuite,
  sim: Simulator,
  dir: string,
  cluster: { id: number; size: number },
): Promise<void> {
  const client = exportClient(sim);
  const exportAs =
    (file: string, audience?: AudienceExportOptions) => async (): Promise<number> => {
      const summary = await exportClusterCsv({
        client,
        clusters: [cluster.id],
        output: { file: join(dir, file) },
        ...(audience === undefined ? {} : { audience }),
      });
      return summary.rows;
    };
  const contenders: Record<string, () => Promise<number>> = { plain: exportAs('plain.csv') };
  for (const preset of AUDIENCE_PRESET_NAMES) {
    contenders[preset] = exportAs(`${preset}.csv`, { preset, rowsPerFile: 0 });
  }
  const result = await interleave(contenders, { warmup: 1, rounds: 3 });
  for (const preset of AUDIENCE_PRESET_NAMES) {
    suite.add({
      bench: `--preset ${preset} (SHA-256), ${cluster.size / 1000}k rows (rows/s, median of ${result.rounds})`,
      contender: `${preset}: ${compact(result.rate(preset))}/s`,
      baseline: `plain export: ${compact(result.rate('plain'))}/s`,
      value: result.ratio(preset, 'plain'),
      goal: { atLeast: 0.7 },
    });
  }
}
