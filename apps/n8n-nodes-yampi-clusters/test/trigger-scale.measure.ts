// Measures the Yampi Cluster Trigger at 10,000 and 100,000 members: the JSON size of its static
// data and the wall time of a poll, against the simulator on 127.0.0.1 with a quota too high to
// slow anything down (at Yampi's 60 requests a minute the requests alone take `requests / 60`
// minutes).
// Not a test: it prints figures for the README. Run it from the package folder with
//   node ../../node_modules/esbuild/bin/esbuild test/trigger-scale.measure.ts --bundle \
//     --platform=node --format=esm --conditions=@clusterstream/source --outfile=/tmp/scale.mjs \
//     --banner:js="import{createRequire}from'module';const require=createRequire(import.meta.url);" \
//   && node /tmp/scale.mjs
import { startMockApi } from '@clusterstream/dooki-mock';
import type { IDataObject } from 'n8n-workflow';
import { YampiClusterTrigger } from '../nodes/YampiClusterTrigger/YampiClusterTrigger.node';
import { DEFAULT_MAX_LEAVE_PERCENT, reconcile } from '../nodes/YampiClusterTrigger/membership';
import { createContext } from './n8n-context';

const trigger = new YampiClusterTrigger();
const diffMs: { members: number; ms: number }[] = [];

interface Row {
  members: number;
  poll: string;
  ms: number;
  requests: number;
  events: number;
  staticDataBytes: number;
}

async function measure(members: number): Promise<Row[]> {
  const api = await startMockApi({
    seed: 6,
    clusters: [{ id: 1, name: 'Big', size: members }],
    rateLimit: { limit: 1_000_000_000, windowMs: 60_000 },
  });
  const staticData: IDataObject = {};
  const rows: Row[] = [];
  const poll = async (label: string) => {
    api.control.resetRequests();
    const context = createContext({
      credentials: {
        alias: api.alias,
        baseUrl: api.url,
        userToken: api.credentials.userToken,
        userSecretKey: api.credentials.userSecretKey,
      },
      parameters: { clusterId: { __rl: true, mode: 'id', value: '1' }, events: ['joined', 'left'] },
      staticData,
      nodeType: 'n8n-nodes-yampi-clusters.yampiClusterTrigger',
    });
    const started = performance.now();
    const result = await trigger.poll.call(context.poll);
    rows.push({
      members,
      poll: label,
      ms: Math.round(performance.now() - started),
      requests: api.requests.length,
      events: result?.[0]?.length ?? 0,
      staticDataBytes: JSON.stringify(staticData).length,
    });
  };
  try {
    await poll('baseline');
    api.control.churn(1, { joinPercent: 1, leavePercent: 1 });
    await poll('1% joined, 1% missing once');
    await poll('the 1% leave');
    await poll('no change');
    // The membership diff alone (core's rules on the stored ids), without HTTP.
    const seen = new Set(api.control.members(1));
    const started = performance.now();
    reconcile(staticData, 1, seen, {
      maxLeavePercent: DEFAULT_MAX_LEAVE_PERCENT,
      confirmHeldLeaves: 0,
    });
    diffMs.push({ members, ms: Math.round((performance.now() - started) * 10) / 10 });
    return rows;
  } finally {
    await api.close();
  }
}

const rows = [...(await measure(10_000)), ...(await measure(100_000))];
console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`);
console.table(rows);
console.table(diffMs);
