// `dooki-mock`: runs the simulator until SIGINT/SIGTERM. Exit codes: 0 stopped by a signal,
// 1 could not start, 2 bad arguments.
import { HELP, parseCliArgs, UsageError } from './cli-args.js';
import { startMockApi } from './server.js';

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
  const { options } = command;
  let api;
  try {
    api = await startMockApi(options);
  } catch (error) {
    process.stderr.write(`dooki-mock: could not start: ${(error as Error).message}\n`);
    return 1;
  }
  const { userToken, userSecretKey } = api.credentials;
  const clusters = (options.clusters ?? []).map((c) => `${c.id} (${c.size} members)`).join(', ');
  process.stdout.write(
    [
      `dooki-mock listening (simulated data, mock credentials)`,
      `  base URL:         ${api.url}`,
      `  admin URL:        ${api.adminUrl}`,
      `  alias:            ${api.alias}`,
      `  User-Token:       ${userToken}`,
      `  User-Secret-Key:  ${userSecretKey}`,
      `  clusters:         ${clusters}`,
      `  try: curl -H 'User-Token: ${userToken}' -H 'User-Secret-Key: ${userSecretKey}' \\`,
      `         '${api.url}/${api.alias}/customers/clusters/1/customers?limit=2'`,
      '',
    ].join('\n'),
  );
  const stop = (signal: NodeJS.Signals): void => {
    process.stdout.write(`dooki-mock: ${signal}, shutting down\n`);
    void api.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
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
