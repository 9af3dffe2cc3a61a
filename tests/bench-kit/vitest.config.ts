import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineProject({
    // The exit-code test starts a bench through ts-node: generous on a loaded 2-core machine.
    test: { name: '@clusterstream/bench-kit', testTimeout: 60_000 },
  }),
);
