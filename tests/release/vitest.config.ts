import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: '@clusterstream/release',
      // Packing, installing tarballs and running CLIs: a timeout here must only mean a hang.
      testTimeout: 300_000,
      hookTimeout: 600_000,
    },
  }),
);
