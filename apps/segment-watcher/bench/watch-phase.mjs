// Child process of bench/run.ts: one measured phase, in a fresh process so its peak RSS (taken by
// the harness's probe) is that phase's alone. Prints one JSON line. Uses the built package.
import process from 'node:process';
import { createDookiClient } from '@clusterstream/core';
import { openState, resolveWatchSettings, runCycle } from '../dist/index.js';

const [phase, baseUrl, statePath] = process.argv.slice(2);
const client = createDookiClient({
  alias: 'demo-store',
  userToken: process.env.DOOKI_USER_TOKEN,
  userSecretKey: process.env.DOOKI_USER_SECRET_KEY,
  baseUrl,
  rateLimit: false,
});
let result;
if (phase === 'scan') {
  // The reference: core's page loop alone, counting ids, nothing stored.
  const pages = client.iterateClusterCustomerPages(1, { pageSize: 100 });
  let items = 0;
  for await (const page of pages) items += page.items.length;
  result = { items, pages: pages.summary.pages, requests: pages.summary.requests };
} else {
  const state = openState(statePath);
  let events = 0;
  const sink = {
    name: 'count',
    deliver: async (batch) => {
      events += batch.length;
      return { acknowledged: batch.length };
    },
  };
  const settings = resolveWatchSettings({ client, alias: 'demo-store', state });
  const { clusters } = await runCycle(settings, [1], [sink]);
  state.close();
  const report = clusters[0];
  result = { ...report, events, error: report.error ? String(report.error) : undefined };
}
process.stdout.write(`${JSON.stringify({ phase, ...result })}\n`);
