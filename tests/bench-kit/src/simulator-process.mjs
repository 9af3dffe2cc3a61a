// The Dooki simulator in its own process, so its CPU and memory stay out of the measured client.
// Started by simulator.ts; plain JS on the simulator's built dist (no TypeScript loader here).
// argv: <dooki-mock module URL> <startMockApi options as JSON> [static]
// With `static`, the server answers every request with the bytes of one real page (the
// cheapest possible server, a baseline for the simulator's own cost).
/* global fetch */
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import process from 'node:process';
import { setImmediate } from 'node:timers';

const [moduleUrl, optionsJson, mode] = process.argv.slice(2);
const { startMockApi } = await import(moduleUrl);
const api = await startMockApi(JSON.parse(optionsJson));
let url = api.url;
let close = () => api.close();

if (mode === 'static') {
  const [cluster] = JSON.parse(optionsJson).clusters;
  const response = await fetch(
    `${api.url}/${api.alias}/customers/clusters/${cluster.id}/customers?limit=100`,
    {
      headers: {
        'User-Token': api.credentials.userToken,
        'User-Secret-Key': api.credentials.userSecretKey,
      },
    },
  );
  const body = Buffer.from(await response.arrayBuffer());
  await api.close();
  const server = createServer((_request, reply) => {
    reply.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    reply.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/v2`;
  close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    });
}

let cpuSince = process.cpuUsage();
const handlers = {
  stats: () => {
    const pages = api.requests.filter((entry) => entry.route === 'cluster-customers');
    return {
      requests: api.requests.length,
      pageRequests: pages.length,
      refused: api.requests.filter((entry) => entry.status === 429).length,
    };
  },
  control: ({ method, args }) => api.control[method](...args),
  'cpu-reset': () => {
    cpuSince = process.cpuUsage();
  },
  cpu: () => {
    const used = process.cpuUsage(cpuSince);
    return (used.user + used.system) / 1000;
  },
  memory: () => process.memoryUsage(),
  close: async () => {
    await close();
    setImmediate(() => process.exit(0));
  },
};

process.on('message', async (message) => {
  try {
    const result = await handlers[message.type](message);
    process.send({ id: message.id, result });
  } catch (error) {
    process.send({ id: message.id, error: String(error?.stack ?? error) });
  }
});
// The parent died without closing us: do not linger.
process.on('disconnect', () => process.exit(0));
process.send({ id: 0, result: { url, alias: api.alias, credentials: api.credentials } });
