// Child process hosting one server for bench/run.ts, so its CPU time is measured apart from the
// client's. Protocol over IPC: it sends {url}; on 'reset' / 'cpu' it answers with its CPU usage.
// Usage: server-process.mjs mock|static <cluster size>
/* global process, URL, fetch, Buffer */
import { createServer } from 'node:http';

const { startMockApi, DEFAULT_CREDENTIALS } = await import(
  new URL('../dist/index.js', import.meta.url).href
);
const [kind, size] = process.argv.slice(2);
const api = await startMockApi({ clusters: [{ id: 1, size: Number(size) }], rateLimit: false });
let url = api.url;
let close = () => api.close();
if (kind === 'static') {
  // Baseline: the cheapest node:http server, answering every request with one real page's bytes.
  const res = await fetch(`${api.url}/demo-store/customers/clusters/1/customers?limit=100`, {
    headers: {
      'User-Token': DEFAULT_CREDENTIALS.userToken,
      'User-Secret-Key': DEFAULT_CREDENTIALS.userSecretKey,
    },
  });
  const body = Buffer.from(await res.arrayBuffer());
  await api.close();
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/v2`;
  close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    });
}
let since = process.cpuUsage();
process.on('message', async (message) => {
  if (message === 'reset') {
    since = process.cpuUsage();
    process.send({ reset: true });
  } else if (message === 'cpu') {
    const used = process.cpuUsage(since);
    process.send({ cpuMs: (used.user + used.system) / 1000 });
  } else if (message === 'close') {
    await close();
    process.exit(0);
  }
});
process.send({ url });
