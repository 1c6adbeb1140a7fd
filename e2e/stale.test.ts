import { afterAll, expect, it } from 'vitest';
import { browserSuite, describeInBrowser } from './browserSuite.ts';
import { openPage, recordConsoleErrors, screenshot, statusText } from './harness.ts';
import { startProducer, type TestProducer } from './producer.ts';

// Skipped only off CI when Chromium is missing (describeInBrowser); under CI=true it throws instead.
describeInBrowser('honest freshness when a producer stops', () => {
  // No built-in simulator: the only data comes from a producer this test starts and stops.
  const suite = browserSuite({ GIGAWATT_SIMULATE: 'off' });
  let producer: TestProducer | undefined;

  afterAll(async () => {
    await producer?.stop();
  });

  it('says STALE, greys the site out and keeps its last values, then LIVE when the feed returns', async () => {
    producer = startProducer(suite.server.url);
    const { page, errors, context } = await openPage(suite.browser, { width: 1920, height: 1080 });
    const wall = await context.newPage();
    recordConsoleErrors(wall, errors, 'wall ');
    await page.goto(`${suite.server.url}/`);
    await wall.goto(`${suite.server.url}/wall?page=ohio`);
    const ohio = page.getByRole('region', { name: 'Ohio', exact: true });
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
    await ohio.locator('[data-freshness="live"]').waitFor({ timeout: 15_000 });
    expect(await ohio.locator('[data-freshness]').textContent()).toMatch(/^Updated (just now|\d s ago)$/);
    // A few seconds of data, so the charts have something to keep.
    const chart = ohio.locator('[data-chart]').first();
    await expect
      .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 15_000 })
      .toBeGreaterThan(3);

    await producer.stop();
    producer = undefined;
    const stoppedAt = Date.now();
    await expect.poll(() => statusText(page), { timeout: 15_000, interval: 250 }).toBe('STALE');
    // About five missed seconds, not thirty.
    expect(Date.now() - stoppedAt).toBeLessThan(9000);
    const notice = ohio.locator('[data-freshness="stale"]');
    await notice.waitFor({ timeout: 5000 });
    expect(await notice.textContent()).toMatch(/Stale since \d\d:\d\d:\d\d/);
    expect(await ohio.getAttribute('data-stale')).toBe('true');
    // Last good values stay on screen: a number with its unit, and a chart that is not blank.
    expect(await ohio.locator('[data-metric="facilityPowerMw"]').first().textContent()).toMatch(/\d.* MW$/);
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(3);
    expect(await chart.evaluate((el) => el.classList.contains('chart-empty'))).toBe(false);
    // The wall says it just as loudly.
    await expect.poll(() => statusText(wall), { timeout: 10_000 }).toBe('STALE');
    await wall.locator('[data-freshness="stale"]').first().waitFor();
    await screenshot(page, 'fleet-stale-1920x1080');
    await screenshot(wall, 'wall-ohio-stale-1920x1080');

    producer = startProducer(suite.server.url);
    await expect.poll(() => statusText(page), { timeout: 15_000, interval: 250 }).toBe('LIVE');
    await ohio.locator('[data-freshness="live"]').waitFor({ timeout: 5000 });
    expect(await ohio.getAttribute('data-stale')).toBe('false');
    await expect.poll(() => statusText(wall), { timeout: 10_000 }).toBe('LIVE');
    expect(errors).toEqual([]);
    await context.close();
  });
});
