// `dooki-mock`: runs the simulator until SIGINT/SIGTERM. Exit codes: 0 stopped by a signal,
// 1 could not start, 2 bad arguments.
import { HELP, parseCliArgs, UsageError } from './cli-args.js';
import { startMockApi, type MockApi } from './server.js';
import { storesFileContent, writeStoresFile } from './stores-file.js';
import type { MockApiOptions } from './types.js';

async function main(argv: readonly string[]): Promise<number | undefined> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dooki-mock: ${error.message}\nRun "dooki-mock --help" for usage.\n`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const { options, storesFile } = command;
  let api;
  try {
    api = await startMockApi(options);
    if (storesFile !== undefined)
      await writeStoresFile(storesFile, storesFileContent(api, options));
  } catch (error) {
    await api?.close();
    process.stderr.write(`dooki-mock: could not start: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(banner(api, options, storesFile));
  const stop = (signal: NodeJS.Signals): void => {
    process.stdout.write(`dooki-mock: ${signal}, shutting down\n`);
    void api.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
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

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`dooki-mock: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
