import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the scenarios on a real control plane (test/cluster/).
// One control plane for the whole run (globalSetup); the files share it, so they
// run one at a time, each in its own namespace.
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/cluster/support/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
