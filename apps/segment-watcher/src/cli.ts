// Entry point of the `dooki-watch` binary (bin.js imports this file).
import { runCli } from './cli/run-cli.js';

const controller = new AbortController();
let interrupts = 0;
const onSignal = (): void => {
  // First Ctrl-C stops cleanly (committed state stays consistent); a second one exits at once.
  if (++interrupts > 1) process.exit(130);
  controller.abort(new Error('interrupted'));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A closed stdout (EPIPE) fails the delivery of that batch (it stays in the outbox, exit 6).
process.stdout.on('error', () => undefined);

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
