// `dooki-mock`: runs the simulator until SIGINT/SIGTERM. Exit codes (cli-kit's): 0 stopped by a
// signal, 1 could not start, 2 bad arguments.
import { EXIT_CODES, reportUsageError, runMain, type CliIo } from '@clusterstream/cli-kit';
import { HELP, parseCliArgs, UsageError } from './cli-args.js';
import { startMockApi, type MockApi } from './server.js';
import { storesFileContent, writeStoresFile } from './stores-file.js';
import type { MockApiOptions } from './types.js';

async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return reportUsageError('dooki-mock', error, io.stderr);
  }
  if (command.help) {
    io.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  const { options, storesFile } = command;
  let api;
  try {
    api = await startMockApi(options);
    if (storesFile !== undefined)
      await writeStoresFile(storesFile, storesFileContent(api, options));
  } catch (error) {
    await api?.close();
    io.stderr.write(`dooki-mock: could not start: ${(error as Error).message}\n`);
    return EXIT_CODES.failure;
  }
  io.stdout.write(banner(api, options, storesFile));
  await new Promise((resolve) => io.signal.addEventListener('abort', resolve, { once: true }));
  io.stdout.write(`dooki-mock: ${(io.signal.reason as Error).message}, shutting down\n`);
  await api.close();
  // Stopping on a signal is how the simulator is meant to end: not a failure.
  return EXIT_CODES.ok;
}

/** What the CLI prints once listening; `base URL:` is the line scripts wait for. */
function banner(api: MockApi, options: MockApiOptions, storesFile: string | undefined): string {
  const { userToken, userSecretKey } = api.credentials;
  const lines = [
    `dooki-mock listening (simulated data, mock credentials)`,
    `  base URL:         ${api.url}`,
    `  admin URL:        ${api.adminUrl}`,
  ];
  if (options.stores === undefined) {
    const clusters = (options.clusters ?? []).map((c) => `${c.id} (${c.size} members)`).join(', ');
    lines.push(
      `  alias:            ${api.alias}`,
      `  User-Token:       ${userToken}`,
      `  User-Secret-Key:  ${userSecretKey}`,
      `  clusters:         ${clusters}`,
    );
  } else {
    const last = api.stores[api.stores.length - 1]?.alias ?? api.alias;
    const clusters = options.stores[0]?.clusters ?? [];
    lines.push(
      `  stores:           ${api.stores.length} (${api.alias} .. ${last}), ` +
        `${clusters.length} clusters of ${clusters[0]?.size ?? 0} members each`,
    );
    if (storesFile === undefined) {
      lines.push('  credentials (alias, User-Token, User-Secret-Key):');
      for (const store of api.stores) {
        const { credentials } = store;
        lines.push(`    ${store.alias} ${credentials.userToken} ${credentials.userSecretKey}`);
      }
    }
  }
  if (storesFile !== undefined) lines.push(`  stores file:      ${storesFile} (mode 0600)`);
  lines.push(
    `  try: curl -H 'User-Token: ${userToken}' -H 'User-Secret-Key: ${userSecretKey}' \\`,
    `         '${api.url}/${api.alias}/customers/clusters/1/customers?limit=2'`,
    '',
  );
  return lines.join('\n');
}

runMain(main);
