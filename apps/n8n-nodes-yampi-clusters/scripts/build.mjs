// Bundles each node and credential into one CommonJS file under dist/ (the paths in
// package.json's `n8n` block), with @clusterstream/core and rxjs inlined so the published
// package has no runtime dependencies. n8n-workflow stays external: the host provides it.
//
// The bundles must pass n8n's community-package scanner, which rejects timer globals
// (`setTimeout`, `setInterval`, ...) in shipped code. So rxjs is bundled from its ES module
// build (tree-shaken to the few classes core uses), and the only modules that touch timers,
// core's default clock and rxjs's timer providers, are swapped for ones that wait on
// n8n-workflow's `sleep` (nodes/shared/). test/bundle.test.ts runs the scanner on the tarball.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

const fromRoot = createRequire(join(root, 'package.json'));
const coreDir = dirname(fromRoot.resolve('@clusterstream/core/package.json'));
const rxjsDir = dirname(fromRoot.resolve('rxjs/package.json'));
const shared = join(root, 'nodes', 'shared');

/** Module (path without extension) → the source that replaces it in the bundles. */
const substitutes = new Map([
  [
    join(coreDir, 'src', 'clock', 'timer-clock'),
    `export { n8nClock as timerClock } from ${JSON.stringify(join(shared, 'n8n-clock.ts'))};`,
  ],
  [
    join(rxjsDir, 'dist', 'esm', 'internal', 'scheduler', 'timeoutProvider'),
    `export { timeoutProvider } from ${JSON.stringify(join(shared, 'rxjs-timers.ts'))};`,
  ],
  [
    join(rxjsDir, 'dist', 'esm', 'internal', 'scheduler', 'intervalProvider'),
    `export { intervalProvider } from ${JSON.stringify(join(shared, 'rxjs-timers.ts'))};`,
  ],
]);
const withoutExtension = (path) => path.replace(/\.(?:[cm]?js|ts)$/, '');

/** @type {import('esbuild').Plugin} */
const timerFree = {
  name: 'timer-free',
  setup(esbuild) {
    // rxjs's `node` export condition points at its CommonJS build, which esbuild cannot
    // tree-shake (the whole library would ship); its ES module build can be.
    esbuild.onResolve({ filter: /^rxjs(\/operators)?$/ }, ({ path }) => ({
      path: join(rxjsDir, 'dist', 'esm', path === 'rxjs' ? '' : 'operators', 'index.js'),
      sideEffects: false,
    }));
    esbuild.onResolve(
      { filter: /(timer-clock|timeoutProvider|intervalProvider)(\.js)?$/ },
      (args) => {
        const target = withoutExtension(resolve(args.resolveDir, args.path));
        if (!substitutes.has(target)) return undefined;
        return { path: target, namespace: 'timer-free', sideEffects: false };
      },
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'timer-free' }, ({ path }) => ({
      contents: substitutes.get(path),
      loader: 'ts',
      resolveDir: root,
    }));
  },
};

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
  plugins: [timerFree],
}).catch((error) => fail(error.message));

// A renamed module would slip past the swap silently; the bundle's inputs tell.
for (const input of Object.keys(result.metafile.inputs)) {
  if (input.startsWith('timer-free:')) continue;
  const path = withoutExtension(resolve(root, input));
  if (substitutes.has(path)) fail(`${input} was bundled instead of its timer-free substitute`);
  if (path.startsWith(join(rxjsDir, 'dist', 'cjs'))) fail(`${input}: rxjs must come from dist/esm`);
}

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
const sizes = Object.entries(result.metafile.outputs).map(
  ([file, { bytes }]) => `${file.split('/').pop()} ${(bytes / 1024).toFixed(0)} KiB`,
);
console.log(`build: ${outputs.length} bundles in dist/ (${sizes.join(', ')})`);
