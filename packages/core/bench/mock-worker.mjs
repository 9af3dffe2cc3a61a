// Runs the Dooki simulator on its own thread so the client under test and the server do not
// share one event loop. Driven by messages from bench/run.ts; uses the simulator's built dist.
import { parentPort } from 'node:worker_threads';
import { startMockApi } from '@clusterstream/dooki-mock';

let api;
parentPort.on('message', async (message) => {
  try {
    if (message.type === 'start') {
      await api?.close();
      api = await startMockApi(message.options);
      parentPort.postMessage({ id: message.id, url: api.url });
    } else if (message.type === 'stats') {
      const refused = api.requests.filter((entry) => entry.status === 429).length;
      parentPort.postMessage({ id: message.id, requests: api.requests.length, refused });
    } else if (message.type === 'stop') {
      await api?.close();
      api = undefined;
      parentPort.postMessage({ id: message.id });
    }
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error) });
  }
});
