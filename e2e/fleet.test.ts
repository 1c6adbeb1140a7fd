import { expect, it } from 'vitest';
import { browserSuite, describeInBrowser } from './browserSuite.ts';
import { drawnLines } from './chartData.ts';
import { openPage, screenshot } from './harness.ts';

// Skipped only off CI when Chromium is missing (describeInBrowser); under CI=true it throws instead.
describeInBrowser('dashboard in Chromium against the real server', () => {
  const suite = browserSuite();

  it('/ shows a live panel per site whose values change, with charts filled from history', async () => {
    const { page, errors, context } = await openPage(suite.browser, { width: 1920, height: 1080 });
    await page.goto(`${suite.server.url}/`);
    await page.getByRole('status').filter({ hasText: 'LIVE' }).first().waitFor({ timeout: 15_000 });
    for (const name of ['Louisiana', 'Ohio', 'Texas', 'Missouri']) {
      await expect(page.getByRole('region', { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    const power = page
      .getByRole('region', { name: 'Ohio', exact: true })
      .locator('[data-metric="facilityPowerMw"]')
      .first();
    await power.waitFor();
    const first = (await power.textContent()) ?? '';
    expect(first).toMatch(/\d.*MW/);
    // Training power swings every few seconds, so a live value changes within a few ticks.
    await expect.poll(async () => power.textContent(), { timeout: 10_000, interval: 250 }).not.toBe(first);
    for (const metric of ['gpuUtilPct', 'pue', 'gpusRented', 'revenueUsdPerHour']) {
      const text = await page
        .getByRole('region', { name: 'Texas', exact: true })
        .locator(`[data-metric="${metric}"]`)
        .first()
        .textContent();
      expect(text, metric).toMatch(/\d/);
    }
    // One precision per quantity on every page: GPU shares with one decimal, as on /wall and /exec
    // (two under 0.1 %), and the headline says it is a mean.
    const shares = await page
      .getByRole('region', { name: 'Texas', exact: true })
      .locator('.legend-share')
      .allTextContents();
    expect(shares).toHaveLength(4);
    for (const t of shares) expect(t).toMatch(/^\d+\.\d\d? %$/);
    const summary = page.getByRole('region', { name: 'Fleet summary' });
    expect(await summary.locator('.stat-sub').first().textContent()).toBe('1 min mean');
    expect(await summary.getAttribute('data-stale')).toBe('false');
    // Every chart has a text alternative with its latest values, and the history makes it non-empty.
    const charts = page.locator('[data-chart]');
    expect(await charts.count()).toBeGreaterThanOrEqual(8);
    const points = await charts.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-points') ?? '0')),
    );
    expect(Math.min(...points)).toBeGreaterThan(60);
    // And the lines are on screen: painted across most of each plot (labels fill a few columns too).
    const drawn = await drawnLines(page);
    expect(drawn.length).toBeGreaterThanOrEqual(4);
    for (const d of drawn) {
      expect(d.columnsCovered, d.chart).toBeGreaterThan(0.6);
      expect(d.rows, d.chart).toBeGreaterThan(2);
    }
    // The text alternative carries the latest values, rewritten every few seconds (not every tick).
    const alt = page
      .getByRole('img', { name: /^Facility power vs cap \(MW\), last 15 minutes\. Latest: / })
      .first();
    const alt1 = await alt.getAttribute('aria-label');
    await expect
      .poll(async () => alt.getAttribute('aria-label'), { timeout: 12_000, interval: 500 })
      .not.toBe(alt1);
    await screenshot(page, 'fleet-1920x1080');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('/ fits a 390×844 phone without horizontal scrolling', async () => {
    const { page, errors, context } = await openPage(suite.browser, { width: 390, height: 844 });
    await page.goto(`${suite.server.url}/`);
    await page.getByRole('status').filter({ hasText: 'LIVE' }).first().waitFor({ timeout: 15_000 });
    await page.getByRole('region', { name: 'Missouri', exact: true }).waitFor();
    await page.waitForTimeout(1500);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'fleet-390x844');
    await page.screenshot({ path: 'test-results/screenshots/fleet-390x844-full.png', fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('/site/ohio shows its halls and a live rack heatmap of the chosen hall', async () => {
    const { page, errors, context } = await openPage(suite.browser, { width: 1920, height: 1080 });
    await page.goto(`${suite.server.url}/site/ohio?hall=h11`);
    await page.getByRole('status').filter({ hasText: 'LIVE' }).first().waitFor({ timeout: 15_000 });
    await page.locator('[data-hall="h13"]').first().waitFor();
    expect(await page.locator('[data-hall]').count()).toBeGreaterThanOrEqual(13);
    const heatmap = page.locator('[data-racks]').first();
    await expect.poll(async () => heatmap.getAttribute('data-racks'), { timeout: 10_000 }).toBe('833');
    const label1 = await heatmap.getAttribute('aria-label');
    expect(label1).toMatch(/833 racks/);
    await expect.poll(async () => heatmap.getAttribute('aria-label'), { timeout: 10_000 }).not.toBe(label1);
    await screenshot(page, 'site-ohio-1920x1080');
    // Choosing another hall re-subscribes and puts the hall in the URL.
    await page.locator('[data-hall="h1"]').first().click();
    await expect.poll(async () => heatmap.getAttribute('data-racks'), { timeout: 10_000 }).toBe('377');
    expect(new URL(page.url()).searchParams.get('hall')).toBe('h1');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('/site/ohio on a phone', async () => {
    const { page, errors, context } = await openPage(suite.browser, { width: 390, height: 844 });
    await page.goto(`${suite.server.url}/site/ohio`);
    await page.locator('[data-racks]').first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1500);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'site-ohio-390x844');
    expect(errors).toEqual([]);
    await context.close();
  });
});
