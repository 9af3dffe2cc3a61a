import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: '@clusterstream/segment-watcher',
      // The fleet tests run real worker processes beside the rest of the suite on CI's two
      // cores: a timeout here must only ever mean a hang.
      testTimeout: 60_000,
      // One embedded Postgres for the suite; the backend tests take a database each.
      globalSetup: ['test/helpers/postgres-global-setup.ts'],
    },
  }),
);
