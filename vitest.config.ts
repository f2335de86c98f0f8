import { defineConfig } from 'vitest/config';

// One project per kind of test so `npm run test:e2e` can run the browser tests alone.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
      { test: { name: 'extension', include: ['extension/src/**/*.test.ts'] } },
      {
        test: {
          name: 'agent',
          include: [
            'agent/src/**/*.test.ts',
            'test/fixtures/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/fuzz/**/*.test.ts',
          ],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
