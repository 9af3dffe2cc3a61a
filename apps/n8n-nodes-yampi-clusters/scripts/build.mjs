// Bundles each node and credential into one CommonJS file under dist/ (the paths in
// package.json's `n8n` block), with @clusterstream/core and rxjs inlined so the published
// package has no runtime dependencies. n8n-workflow stays external: the host provides it.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outputs = [...pkg.n8n.credentials, ...pkg.n8n.nodes];
const staging = join(root, `dist.tmp-${process.pid}`);
const dist = join(root, 'dist');

/** dist/nodes/Yampi/Yampi.node.js → nodes/Yampi/Yampi.node.ts */
const sourceOf = (output) => output.replace(/^dist\//, '').replace(/\.js$/, '.ts');

function fail(message) {
  console.error(`build: ${message}`);
  rmSync(staging, { recursive: true, force: true });
  process.exit(1);
}

rmSync(staging, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: outputs.map((output) => ({
    in: sourceOf(output),
    out: output.replace(/^dist\//, '').replace(/\.js$/, ''),
  })),
  outdir: staging,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Core is read from its TypeScript source, so no build of core is needed first.
  conditions: ['@clusterstream/source'],
  external: ['n8n-workflow'],
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
}).catch((error) => fail(error.message));

// Icons and codex files sit next to the code that references them.
cpSync(join(root, 'icons'), join(staging, 'icons'), { recursive: true });
for (const output of pkg.n8n.nodes) {
  const codex = sourceOf(output).replace(/\.ts$/, '.json');
  if (!existsSync(join(root, codex))) fail(`missing codex file ${codex}`);
  mkdirSync(dirname(join(staging, codex)), { recursive: true });
  cpSync(join(root, codex), join(staging, codex));
}

// Check what n8n's loader will do: require the file and find the class named after it.
const require = createRequire(import.meta.url);
for (const output of outputs) {
  const file = join(staging, output.replace(/^dist\//, ''));
  const code = readFileSync(file, 'utf8');
  const leftover = /require\(["'](@clusterstream\/[^"']+|rxjs[^"']*)["']\)/.exec(code);
  if (leftover) fail(`${output} still requires ${leftover[1]}; it must be bundled`);
  const className = output.split('/').pop().split('.')[0];
  if (typeof require(file)[className] !== 'function')
    fail(`${output} does not export ${className}`);
}

rmSync(dist, { recursive: true, force: true });
renameSync(staging, dist);
const bytes = Object.values(result.metafile.outputs).reduce((sum, { bytes }) => sum + bytes, 0);
console.log(`build: ${outputs.length} bundles (${(bytes / 1024).toFixed(0)} KiB) in dist/`);
