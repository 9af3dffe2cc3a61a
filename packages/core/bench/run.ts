// Benchmarks of @clusterstream/core (run after a build: `pnpm bench`). The simulator runs in its
// own process; every figure is a ratio to a baseline measured in the same run.
import { runBench } from '@clusterstream/bench-kit';
import { clientOverhead, readAhead } from './overhead.js';
import { pacing } from './pacing.js';

await runBench('@clusterstream/core', async (suite) => {
  await suite.section('client overhead', () => clientOverhead(suite));
  await suite.section('read-ahead', () => readAhead(suite));
  await suite.section('pacing', () => pacing(suite));
});
