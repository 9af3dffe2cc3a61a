import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: '@clusterstream/hostile-matrix',
      // Cells run concurrently (each has its own server and temp dir); most of a cell is
      // waiting on a child process, so three at a time stays gentle on a 2-core machine.
      maxConcurrency: 3,
    },
  }),
);
