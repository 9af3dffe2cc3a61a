// The package's lint: n8n's own `n8n-node lint` (@n8n/node-cli), which runs ESLint with this
// folder's eslint.config.mjs (n8n's config, Cloud rules included, on the shipped code; the
// repository's on the rest), as the verification guidelines ask. Any finding, error or warning,
// fails the lint (`n8n-node lint` itself passes on warnings).
//   node scripts/n8n-node-lint.mjs [--fix]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'node_modules', '.bin', 'n8n-node');
// --max-warnings cannot be passed through n8n-node, so warnings are read from its output.
const result = spawnSync(cli, ['lint', ...process.argv.slice(2)], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, FORCE_COLOR: '0', CI: 'true' },
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
const findings = /\((\d+) errors?, (\d+) warnings?\)/.exec(result.stdout + result.stderr);
if (result.status !== 0 || findings) {
  console.error(`n8n-node lint: ${findings ? findings[0] : `exit ${result.status}`}`);
  process.exit(1);
}
console.log('n8n-node lint: no findings');
