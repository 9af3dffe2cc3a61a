// Shared vitest settings: every package's vitest.config.ts spreads these.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const networkGuard = fileURLToPath(new URL('./scripts/network-guard.ts', import.meta.url));

export const sharedConfig = defineConfig({
  resolve: {
    // Workspace packages expose their TypeScript sources under this condition,
    // so tests never run against a stale `dist`.
    conditions: ['@clusterstream/source'],
  },
  test: {
    environment: 'node',
    setupFiles: [networkGuard],
    restoreMocks: true,
    clearMocks: true,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ['default', 'json'],
    outputFile: { json: './test-results.json' },
  },
});
