import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Vitest's default on two cores is one worker, so everything ran in series (~17 min). Most files
    // wait on a live clock, a server or a browser, so two at once (one browser file at most, below)
    // roughly halves the wall time without starving either.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,mock-telemetry,server,client}/src/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // One Chromium at a time: the machine has two cores and the server under test needs one.
          fileParallelism: false,
        },
      },
    ],
  },
});
