// Process entry of `dooki-csv` (bin.js imports this). Everything testable lives in
// ./cli/run.ts; cli-kit connects it to the real process the way every clusterstream CLI is:
// the first Ctrl-C discards the partial file and exits 130, a second one exits at once, and a
// closed stdout (`| head`) ends the export quietly.
import { runMain } from '@clusterstream/cli-kit';
import { run } from './cli/run.js';

runMain(run);
