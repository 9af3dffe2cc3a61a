// The repository's lint setup plus n8n's community-node rules (the self-hosted set: this
// package bundles core and rxjs, which use timers, so it does not aim at n8n Cloud).
// A plain array on purpose: `tseslint.config()` would register this folder as a second
// tsconfig root, which breaks the n8n plugin's own parsing of the credential file.
import { configs as n8nConfigs } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';
import rootConfig from '../../eslint.config.js';

const n8n = n8nConfigs.recommendedWithoutN8nCloudSupport;
// Read from the plugin, not `tseslint.configs` (whose getters register a tsconfig root too).
const untyped = tseslint.plugin.configs['disable-type-checked'];

export default [
  { ignores: ['dist/**', 'dist.tmp-*/**', '.e2e-tmp/**', 'coverage/**'] },
  ...rootConfig,
  { ...n8n, files: ['credentials/**/*.ts', 'nodes/**/*.ts'] },
  {
    files: ['scripts/**/*.mjs', 'e2e/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  // The package.json rules read the manifest parsed as a JSON expression, without types.
  {
    files: ['package.json'],
    plugins: n8n.plugins,
    languageOptions: { parser: tseslint.parser, parserOptions: untyped.parserOptions },
    rules: { ...untyped.rules, ...n8n.rules, '@typescript-eslint/no-unused-expressions': 'off' },
  },
];
