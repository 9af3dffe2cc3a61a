// The README's "main job": start the embedded Dooki API simulator, export a
// demo cluster to CSV with `dooki-csv`, and say where the file is.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_ALIAS, DEFAULT_CREDENTIALS, startMockApi } from '@clusterstream/dooki-mock';

const root = new URL('..', import.meta.url).pathname;
const clusterId = 1;
const customers = Number(process.env.DEMO_CUSTOMERS ?? 5_000);
const outDir = join(root, 'out');
const outFile = join(outDir, `demo-cluster-${clusterId}.csv`);

const countLines = async (file) => {
  let lines = 0;
  for await (const chunk of createReadStream(file)) {
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  return lines;
};

const api = await startMockApi({
  alias: DEFAULT_ALIAS,
  clusters: [{ id: clusterId, name: 'Clientes VIP', size: customers }],
});
try {
  console.log(
    `Dooki API simulator: ${api.url} (store "${DEFAULT_ALIAS}", ${customers} customers in cluster ${clusterId})`,
  );
  mkdirSync(outDir, { recursive: true });
  const exporter = spawn(
    process.execPath,
    [
      join(root, 'apps/csv-export/bin.js'),
      ...['--alias', DEFAULT_ALIAS, '--cluster', String(clusterId)],
      ...['--base-url', api.url, '--out', outFile],
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        DOOKI_USER_TOKEN: DEFAULT_CREDENTIALS.userToken,
        DOOKI_USER_SECRET_KEY: DEFAULT_CREDENTIALS.userSecretKey,
      },
    },
  );
  const [code] = await once(exporter, 'exit');
  if (code !== 0) {
    console.error(`dooki-csv failed with exit code ${code}`);
    process.exitCode = code ?? 1;
  } else {
    const rows = (await countLines(outFile)) - 1;
    console.log(
      `\nExported ${rows} customers of cluster ${clusterId} to ${relative(process.cwd(), outFile)}`,
    );
  }
} finally {
  // Node 20 cannot parse `await using` in plain JavaScript, hence the explicit close.
  await api.close();
}
