import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Runs the built package inside a real n8n (see scripts/e2e.mjs, which installs n8n first).
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      name: 'n8n-nodes-yampi-clusters:e2e',
      include: ['e2e/**/*.e2e.test.ts'],
      // Each test boots n8n's CLI a few times; start-up alone takes seconds.
      testTimeout: 180_000,
      hookTimeout: 180_000,
      fileParallelism: false,
      outputFile: { json: './test-results.e2e.json' },
    },
  }),
);
