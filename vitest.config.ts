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
          // Vitest's 1 s default for expect.poll is shorter than a busy two-core box can promise for
          // a file write or a log line while the browser project runs beside it.
          expect: { poll: { timeout: 5_000 } },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // A page's fetch-then-render can take seconds while the unit project shares the two cores
          // (a CI run once saw the replay player's alert markers miss the 1 s default). A poll still
          // fails when the thing never happens; it just waits long enough for it to happen late.
          expect: { poll: { timeout: 10_000 } },
          // One Chromium at a time: the machine has two cores and the server under test needs one.
          fileParallelism: false,
        },
      },
    ],
  },
});
