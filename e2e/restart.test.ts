import './debugWindow.ts';
import { expect, it } from 'vitest';
import { browserSuite, describeInBrowser } from './browserSuite.ts';
import { chartSeries } from './chartData.ts';
import { beginOutage, openPage, startServer, statusText } from './harness.ts';

// Skipped only off CI when Chromium is missing (describeInBrowser); under CI=true it throws instead.
describeInBrowser('a server that dies and comes back', () => {
  const suite = browserSuite();

  it('shows RECONNECTING, then LIVE, and the charts have no hole and no duplicate across the outage', async () => {
    const { page, errors, context } = await openPage(suite.browser, { width: 1600, height: 1000 });
    await page.goto(`${suite.server.url}/`);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
    await page.evaluate(() => window.__gigawatt?.historyIdle());
    await expect
      .poll(async () => Math.min(...(await chartSeries(page)).map((s) => s.points)), { timeout: 15_000 })
      .toBeGreaterThan(600);

    const outage = beginOutage(errors);
    const killedAt = Date.now();
    await suite.server.stop('SIGKILL');
    await expect.poll(() => statusText(page), { timeout: 10_000, interval: 100 }).toBe('RECONNECTING');
    // Stay down long enough that the hole is many seconds wide.
    await new Promise((r) => setTimeout(r, 4000));
    // A slow start-up (a longer history to synthesize) widens the window between the process coming up
    // and its simulator publishing the seconds start-up took: the race CI once caught.
    // On its port, so on its data folder.
    suite.server = await startServer(
      { GIGAWATT_BACKFILL: '8h' },
      { port: suite.server.port, keepData: true },
    );
    const restartedAt = Date.now();
    await expect.poll(() => statusText(page), { timeout: 30_000, interval: 200 }).toBe('LIVE');
    // The hole is filled from /api/history once live ticks resume.
    await expect
      .poll(
        async () => {
          await page.evaluate(() => window.__gigawatt?.historyIdle());
          const series = await chartSeries(page);
          return series.filter((s) => s.maxStep > 1000 || s.duplicates > 0).map((s) => s.id);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toEqual([]);
    // Let a few live seconds arrive after the fill, then look again: still one point per second.
    await new Promise((r) => setTimeout(r, 2500));
    outage.end();
    const series = await chartSeries(page);
    expect(series.length).toBeGreaterThanOrEqual(8);
    for (const s of series) {
      expect(s.duplicates, s.id).toBe(0);
      expect(
        s.maxStep,
        `${s.id}: step of ${s.maxStep} ms at ${new Date(s.maxStepAt).toISOString()}`,
      ).toBeLessThanOrEqual(1000);
      // The buffer spans the outage: it starts before the kill and ends after the restart.
      expect(s.first).toBeLessThan(killedAt - 5000);
      expect(s.last).toBeGreaterThan(restartedAt - 1000);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
