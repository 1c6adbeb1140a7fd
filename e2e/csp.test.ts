import './debugWindow.ts';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, recordingSuite } from './browserSuite.ts';
import { openPage, statusText, tolerate } from './harness.ts';

/**
 * The dashboard under its Content-Security-Policy: every view, live and replayed, with no violation
 * (openPage turns any violation into an error, so the other suites check it too; this one walks every
 * route on purpose, and proves that a violation is caught).
 */
// Skipped only off CI when Chromium is missing (describeInBrowser); under CI=true it throws instead.
describeInBrowser('the dashboard under its Content-Security-Policy', () => {
  const suite = recordingSuite('csp');
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ context, page, errors } = await openPage(suite.browser, { width: 1600, height: 1000 }));
  });
  afterAll(async () => {
    await context?.close();
  });

  it('serves the page with a CSP that allows no inline script', async () => {
    const res = await page.goto(`${suite.server.url}/`);
    const csp = (await res?.headerValue('content-security-policy')) ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'[^;]*;/);
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
    expect(errors).toEqual([]);
  });

  it.each([
    ['/', 'LIVE'],
    ['/site/ohio', 'LIVE'],
    ['/exec', 'LIVE'],
    ['/wall', 'LIVE'],
    ['/replay', 'LIVE'],
  ])('runs %s with no violation', async (path, status) => {
    await page.goto(`${suite.server.url}${path}`);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe(status);
    // Charts draw, ticks arrive, lazy chunks load: a few seconds of the view live.
    await page.waitForTimeout(2500);
    expect(errors).toEqual([]);
  });

  it('replays a recording (range requests on the .mcap file) with no violation', async () => {
    await page.goto(`${suite.server.url}/replay?rec=${suite.fx.id}`);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('REPLAY');
    await page.locator('.player-time').waitFor();
    await page.getByRole('button', { name: /play/i }).first().click();
    await page.waitForTimeout(2000);
    expect(errors).toEqual([]);
  });

  it('catches a violation when one happens', async () => {
    const expected = tolerate(errors, [/Content Security Policy/]);
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
      await new Promise((r) => setTimeout(r, 200));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    expect(errors.some((e) => /Content Security Policy/.test(e))).toBe(true);
    expected.end();
    expect(errors).toEqual([]);
  });
});
