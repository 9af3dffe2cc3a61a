// Child process of bench/run.ts: a zero-latency simulator with one 1,000,000-member cluster, in its
// own process so the watcher's peak RSS is measured alone. Driven over IPC.
import process from 'node:process';
import { startMockApi } from '@clusterstream/dooki-mock';

const size = Number(process.argv[2] ?? 1_000_000);
const api = await startMockApi({
  seed: 5,
  clusters: [{ id: 1, size }],
  rateLimit: false,
  latencyMs: 0,
});
const clusterRequests = () =>
  api.requests.filter((entry) => entry.route === 'cluster-customers').length;

process.on('message', async (message) => {
  if (message.type === 'churn') {
    const { joined, left } = api.control.churn(1, {
      joinPercent: message.percent,
      leavePercent: message.percent,
    });
    process.send({ type: 'churned', joined: joined.length, left: left.length });
  } else if (message.type === 'requests') {
    process.send({ type: 'requests', count: clusterRequests() });
    api.control.resetRequests();
  } else if (message.type === 'stop') {
    await api.close();
    process.exit(0);
  }
});
process.send({ type: 'ready', url: api.url });
