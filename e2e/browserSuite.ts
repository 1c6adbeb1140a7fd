import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { browserAvailable, launchBrowser, type RunningServer, startServer } from './harness.ts';
import { type ReplayFixture, writeReplayFixture } from './replayFixture.ts';

/** `describe` for tests that need Chromium. */
// Skipped only off CI when Chromium is missing (browserAvailable says why); under CI=true it throws instead.
export const describeInBrowser = describe.skipIf(!browserAvailable()); // reason: no Chromium, off CI only

/** What a browser suite's tests use; set before its first test. */
export interface BrowserSuite {
  /** The server under test. A test that restarts it puts the new one here, so that one is stopped at the end. */
  server: RunningServer;
  browser: Browser;
}

export interface RecordingSuite extends BrowserSuite {
  /** The server's data folder: made for the suite, removed after it. */
  dataDir: string;
  /** The recording in that folder, three hours old (well before the server's own always-on segment). */
  fx: ReplayFixture;
}

/**
 * Starts the real server (with `env`) and Chromium before the suite's tests, and closes both after them.
 * Call it first in the `describe`: the suite's own hooks then run after the start and before the close
 * (vitest runs after-hooks in reverse).
 */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  startAndClose(suite, () => env);
  return suite;
}

/**
 * `browserSuite` on a new data folder named after the suite, holding the replay fixture (`fx`) and what
 * `prepare` writes there before the server starts.
 */
export function recordingSuite(name: string, prepare?: (dataDir: string) => Promise<void>): RecordingSuite {
  const suite = {} as RecordingSuite;
  beforeAll(async () => {
    suite.dataDir = await mkdtemp(join(tmpdir(), `gigawatt-e2e-${name}-`));
    suite.fx = await writeReplayFixture(suite.dataDir, Date.now() - 3 * 3600_000);
    await prepare?.(suite.dataDir);
  });
  afterAll(async () => {
    if (suite.dataDir) await rm(suite.dataDir, { recursive: true, force: true });
  });
  startAndClose(suite, () => ({ GIGAWATT_DATA_DIR: suite.dataDir }));
  return suite;
}

function startAndClose(suite: BrowserSuite, env: () => Record<string, string>): void {
  beforeAll(async () => {
    suite.server = await startServer(env());
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
}
