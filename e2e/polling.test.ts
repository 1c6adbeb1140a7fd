import './debugWindow.ts';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, describeInBrowser } from './browserSuite.ts';
import { chartSeries } from './chartData.ts';
import { openPage, screenshot, statusText } from './harness.ts';

/** Every engine.io request and WebSocket the page opens, from Chromium's side of the network. */
function watchTransports(page: Page): { sockets: string[]; engineRequests: URL[] } {
  const sockets: string[] = [];
  const engineRequests: URL[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/socket.io/')) engineRequests.push(url);
  });
  return { sockets, engineRequests };
}

const newestTickT = (page: Page) => page.evaluate(() => window.__gigawatt?.newestTickT() ?? 0);

// Skipped only off CI when Chromium is missing (describeInBrowser); under CI=true it throws instead.
describeInBrowser('the dashboard on long-polling only', () => {
  const suite = browserSuite();

  it('/?transport=polling goes LIVE, its charts keep updating, and it never opens a WebSocket', async () => {
    const { page, errors, context } = await openPage(suite.browser, { width: 1600, height: 1000 });
    const net = watchTransports(page);
    await page.goto(`${suite.server.url}/?transport=polling`);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
    await page.evaluate(() => window.__gigawatt?.historyIdle());
    await expect
      .poll(async () => Math.min(...(await chartSeries(page)).map((s) => s.points)), { timeout: 15_000 })
      .toBeGreaterThan(60);

    const before = await chartSeries(page);
    const tickBefore = await newestTickT(page);
    const power = page
      .getByRole('region', { name: 'Ohio', exact: true })
      .locator('[data-metric="facilityPowerMw"]')
      .first();
    const powerBefore = (await power.textContent()) ?? '';
    // Several ticks arrive over polling, and each one reaches the charts and the figures.
    await expect.poll(() => newestTickT(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(tickBefore + 3000);
    await expect
      .poll(async () => power.textContent(), { timeout: 15_000, interval: 250 })
      .not.toBe(powerBefore);
    const after = await chartSeries(page);
    expect(after.map((s) => s.id).sort()).toEqual(before.map((s) => s.id).sort());
    for (const s of after) {
      const b = before.find((x) => x.id === s.id)!;
      expect(s.last, s.id).toBeGreaterThan(b.last);
      expect(s.duplicates, s.id).toBe(0);
    }
    expect(await statusText(page)).toBe('LIVE');

    expect(net.sockets).toEqual([]);
    // The handshake and at least a few polls, every one of them on the polling transport.
    expect(net.engineRequests.length).toBeGreaterThan(3);
    for (const u of net.engineRequests) expect(u.searchParams.get('transport'), u.href).toBe('polling');
    expect(net.engineRequests.filter((u) => u.searchParams.has('sid')).length).toBeGreaterThan(2);

    await screenshot(page, 'fleet-polling-1600x1000');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('without the option the dashboard uses a WebSocket (so the check above can see one)', async () => {
    const { page, errors, context } = await openPage(suite.browser, { width: 1280, height: 800 });
    const net = watchTransports(page);
    await page.goto(`${suite.server.url}/`);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
    await expect.poll(() => net.sockets.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(net.sockets.every((u) => new URL(u).searchParams.get('transport') === 'websocket')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
