// Runs the Dooki API simulator in its own process for the benchmark, so its
// CPU and memory stay out of the measured export. Prints its URL on IPC.
import process from 'node:process';
import { startMockApi } from '@clusterstream/dooki-mock';

const clusters = JSON.parse(process.argv[2] ?? '[]');
const api = await startMockApi({ rateLimit: false, latencyMs: 0, clusters });
process.send?.({ url: api.url });
process.on('disconnect', () => {
  void api.close().then(() => process.exit(0));
});
