// Process entry of `dooki-csv` (bin.js imports this). Everything testable lives
// in ./cli/run.ts; this file only connects it to the real process.
import { run } from './cli/run.js';

const interrupt = new AbortController();
const onSignal = (): void => {
  // A second Ctrl-C while cleaning up means "now".
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// After `| head` exits, late writes to stdout fail with EPIPE; the export already
// handles that, so the stream's own 'error' event must not crash the process.
process.stdout.on('error', () => undefined);

process.exitCode = await run(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interrupt.signal,
});
