// n8n's own lint config for community nodes (`@n8n/node-cli/eslint`, the one `n8n-node lint`
// expects), with n8n Cloud's rules, on the code the package ships (credentials, nodes, the
// manifest); the repository's rules on everything else (tests, e2e, scripts, bench).
// `"strict": false` in the manifest: strict mode wants this file to be n8n's template verbatim,
// which would lint the tests beside the code as if they were node code.
import { config as n8nConfig } from '@n8n/node-cli/eslint';
import rootConfig from '../../eslint.config.js';

const SHIPPED = ['credentials/**/*.ts', 'nodes/**/*.ts'];
const N8N_ONLY = [...SHIPPED, 'package.json'];

/** n8n's config blocks for every TypeScript file, narrowed to the shipped code. */
const n8nOnShippedCode = n8nConfig.map((block) =>
  block.files?.includes('**/*.ts') ? { ...block, files: SHIPPED } : block,
);

/** A repository block that applies to every file, kept off n8n's (a global ignore stays as is). */
function awayFromN8nFiles(block) {
  const globalIgnore = Object.keys(block).every((key) => key === 'ignores' || key === 'name');
  return block.files || globalIgnore ? block : { ...block, ignores: N8N_ONLY };
}

export default [
  { ignores: ['dist/**', 'dist.tmp-*/**', '.e2e-tmp/**', 'coverage/**', 'docs/**'] },
  // Two configs may not both load typescript-eslint for one file: n8n's takes the shipped code.
  ...rootConfig.map(awayFromN8nFiles),
  ...n8nOnShippedCode,
  {
    files: ['scripts/**/*.mjs', 'e2e/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
];
