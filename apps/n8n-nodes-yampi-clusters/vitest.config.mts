import { createLogger } from 'vite';
import { defineProject, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// n8n-workflow publishes source maps without their sources; vite warns once per file.
const logger = createLogger();
const warn = logger.warn.bind(logger);
logger.warn = (message, options) => {
  if (!message.includes('points to missing source files')) warn(message, options);
};

export default mergeConfig(
  sharedConfig,
  defineProject({
    customLogger: logger,
    test: {
      name: 'n8n-nodes-yampi-clusters',
      include: ['test/**/*.test.ts'],
      // The real-n8n suite needs an n8n install and a build; `test:e2e` runs it.
      exclude: ['e2e/**', 'node_modules/**'],
    },
  }),
);
