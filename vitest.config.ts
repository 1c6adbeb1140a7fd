import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // scripts/runTests.mjs (npm test) runs each project on its own and merges the reports.
    reporters: ['default', ['json', { outputFile: process.env.VITEST_JSON ?? 'test-results/vitest.json' }]],
    // Vitest's default on two cores is one worker, so everything ran in series (~17 min). Most files
    // wait on a live clock, a server or a browser, so two at once roughly halves the wall time. npm test
    // runs the two projects side by side with one worker each (VITEST_MAX_WORKERS=1): within one run
    // Vitest puts the browser project (no file parallelism, below) after every unit file, alone.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 2),
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
