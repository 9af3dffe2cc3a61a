// Entry point of the `dooki-watch` binary (bin.js imports this file). cli-kit connects it to the
// process as every clusterstream CLI: the first Ctrl-C stops cleanly (committed state stays
// consistent), a second one exits 130 at once, and a closed stdout (EPIPE) never crashes it (the
// delivery of that batch fails, the events stay in the outbox, exit 6).
import { runMain } from '@clusterstream/cli-kit';
import { runCli } from './cli/run-cli.js';

runMain(runCli);
