import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Scenarios on a real control plane run apart: npm run test:cluster (vitest.cluster.config.ts).
    exclude: ['**/node_modules/**', 'test/cluster/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep parallelism modest so server-backed suites do not starve.
    maxWorkers: 2,
  },
});
