import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: '@clusterstream/segment-watcher',
      // One embedded Postgres for the suite; the backend tests take a database each.
      globalSetup: ['test/helpers/postgres-global-setup.ts'],
    },
  }),
);
