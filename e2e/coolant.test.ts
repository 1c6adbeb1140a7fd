import { createSimulator } from '@gigawatt/mock-telemetry';
import { publish } from '@gigawatt/mock-telemetry/publish';
import { defaultFleet } from '@gigawatt/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser } from './browserSuite.ts';
import {
  launchBrowser,
  openPage,
  type RunningServer,
  screenshot,
  startServer,
  statusText,
} from './harness.ts';
import { wallLayout } from './wallLayout.ts';

/** Polls outside a test (expect.poll only works inside one). */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const live = (page: Page) => expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');

describeInBrowser('coolant on /site/:id (the built-in simulator’s liquid loops)', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the hall table shows a liquid hall’s loop and “Air” for the H100 halls', async () => {
    const { page, errors, context } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${server.url}/site/ohio?hall=h10`);
    await live(page);
    const table = page.locator('table.halls');
    const h10 = table.locator('tr[data-hall="h10"] td[data-label="Coolant"]');
    await expect
      .poll(() => h10.getAttribute('data-coolant-state'), { timeout: 15_000 })
      .toMatch(/^(ok|warn|bad)$/);
    // Return temperature and ΔT, with units; a healthy loop at design flow returns a few K above supply.
    expect(await h10.locator('.coolant-main').innerText()).toMatch(/\d+\.\d °C$/);
    expect(await h10.locator('.coolant-sub').innerText()).toMatch(/^ΔT \d+\.\d °C$/);
    const returnC = Number(await h10.getAttribute('data-value'));
    const deltaC = Number(await h10.getAttribute('data-delta'));
    expect(returnC).toBeGreaterThan(28);
    expect(returnC).toBeLessThan(70);
    expect(deltaC).toBeGreaterThan(0);
    expect(Number(await h10.getAttribute('data-flow-pct'))).toBeGreaterThan(0);
    // Its words for a screen reader: "return", and the whole loop in the title.
    expect(await h10.textContent()).toMatch(/^return \d+\.\d °C/);
    expect(await h10.getAttribute('title')).toMatch(/^Coolant supply \d+\.\d °C, return .* of design\): /);
    for (const hall of ['h11', 'h12', 'h13']) {
      const cell = table.locator(`tr[data-hall="${hall}"] td[data-label="Coolant"]`);
      expect(await cell.getAttribute('data-coolant-state'), hall).toBe('air');
      expect(await cell.locator('.coolant-air').innerText(), hall).toBe('Air');
      expect(await cell.textContent(), hall).toBe('Air-cooled, no coolant loop');
    }
    expect(await table.innerText()).not.toMatch(/NaN|undefined/);
    expect(await table.locator('thead th').last().textContent()).toBe('Coolant');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('colours a liquid hall’s racks by coolant return (URL color=coolant) and charts its loop', async () => {
    const { page, errors, context } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${server.url}/site/ohio?hall=h10`);
    await live(page);
    const detail = page.getByRole('region', { name: 'Hall detail: Hall 10' });
    const heatmap = detail.locator('.heatmap-plot');
    await expect.poll(() => heatmap.getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    const choice = detail.getByRole('button', { name: 'Coolant return (°C)' });
    expect(await choice.getAttribute('aria-pressed')).toBe('false');
    await choice.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('color')).toBe('coolant');
    expect(await choice.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => heatmap.getAttribute('data-color')).toBe('coolant');
    await expect.poll(() => heatmap.getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
    // Its own legend, in °C: supply setpoint to twice the design rise above it.
    const legend = detail.locator('.heatmap-legend');
    expect(await legend.locator('.heatmap-legend-title').textContent()).toBe('Coolant return (°C)');
    const ticks = await legend.locator('.heatmap-ticks > span').allTextContents();
    expect(ticks).toHaveLength(3);
    for (const t of ticks) expect(t).toMatch(/^\d+ °C$/);
    expect(Number.parseFloat(ticks[0]!)).toBeLessThanOrEqual(30);
    // The text alternative gives the racks' coolant return.
    await expect
      .poll(() => heatmap.getAttribute('aria-label'), { timeout: 10_000 })
      .toMatch(
        /^Ohio · Hall 10: 377 racks by coolant return: min \d+\.\d °C, mean \d+\.\d °C, max \d+\.\d °C\.$/,
      );
    // One rack's value: the tooltip of the first rack leads with its coolant return.
    const canvas = heatmap.locator('canvas');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + 4);
    const tip = heatmap.locator('.heatmap-tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const lines = (await tip.textContent())!.split('\n');
    expect(lines[0]).toBe('Rack 1 of 377');
    expect(lines[1]).toMatch(/^Coolant return \d+\.\d °C$/);
    expect(lines.slice(2).join('\n')).toMatch(
      /IT power .* kW\nGPU utilization .* %\nInlet temperature .* °C/,
    );
    const rack1 = Number.parseFloat(lines[1]!.replace('Coolant return ', ''));
    expect(rack1).toBeGreaterThan(28);
    expect(rack1).toBeLessThan(70);
    await screenshot(page, 'site-ohio-coolant-tip-1920x1080');
    await page.mouse.move(0, 0);

    // The loop's figures and charts, labelled from the registry, with their latest values as text.
    const loop = detail.getByRole('region', { name: 'Coolant loop of Hall 10' });
    const figures = loop.locator('dl.coolant-figures');
    await expect
      .poll(() => figures.getAttribute('data-coolant-state'), { timeout: 10_000 })
      .toMatch(/^(ok|warn|bad)$/);
    expect(await figures.locator('dt').allTextContents()).toEqual([
      'Supply',
      'Return',
      'ΔT',
      'Flow',
      'CDU power',
    ]);
    expect(await loop.locator('p.coolant-state').textContent()).toMatch(/^(Normal|.*(flow|ΔT|supply).*)$/);
    expect(await figures.getAttribute('aria-label')).toMatch(
      /^Coolant loop, latest: Coolant supply \d+\.\d °C, return \d+\.\d °C, ΔT \d+\.\d °C, flow [\d,]+ L\/min \(\d+ % of design\): /,
    );
    const charts = loop.locator('[data-chart]');
    expect(await charts.count()).toBe(2);
    await expect
      .poll(
        async () =>
          Math.min(
            ...(await charts.evaluateAll((els) =>
              els.map((e) => Number(e.getAttribute('data-points') ?? 0)),
            )),
          ),
        {
          timeout: 15_000,
        },
      )
      .toBeGreaterThan(0);
    const temps = loop.getByRole('img', { name: /^Coolant supply and return \(°C\)/ });
    await expect
      .poll(() => temps.getAttribute('aria-label'), { timeout: 10_000 })
      .toMatch(/Latest: Coolant supply \d+\.\d °C; Coolant return \d+\.\d °C\.$/);
    const flow = loop.getByRole('img', { name: /^Coolant flow vs design \(L\/min\)/ });
    expect(await flow.getAttribute('aria-label')).toMatch(
      /Latest: Coolant flow [\d,]+ L\/min; Design [\d,]+ L\/min\.$/,
    );
    await screenshot(page, 'site-ohio-coolant-1920x1080');
    // Charts draw once they are on screen: scroll the loop in and give them a frame or two.
    await loop.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500);
    await screenshot(page, 'site-ohio-coolant-loop-1920x1080');

    // An H100 hall has no loop: the choice is disabled with its reason, the racks show power, and the
    // URL keeps coolant for the next liquid hall.
    await page.locator('tr[data-hall="h11"] .hall-link').click();
    const d11 = page.getByRole('region', { name: 'Hall detail: Hall 11' });
    await d11.waitFor();
    const off = d11.getByRole('button', { name: 'Coolant return (°C)' });
    expect(await off.getAttribute('aria-disabled')).toBe('true');
    expect(await off.getAttribute('aria-pressed')).toBe('false');
    const reason = d11.locator(`[id="${await off.getAttribute('aria-describedby')}"]`);
    expect(await reason.textContent()).toBe('Air-cooled hall: no coolant loop; showing rack power');
    expect(await d11.getByRole('button', { name: 'IT power (kW)' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await d11.locator('.heatmap-plot').getAttribute('data-color')).toBe('power');
    await off.dispatchEvent('click');
    expect(new URL(page.url()).searchParams.get('color')).toBe('coolant');
    expect(await d11.locator('.hall-coolant').count()).toBe(0);
    expect(await d11.locator('.panel-sub').textContent()).toMatch(/air-cooled$/);
    await expect
      .poll(() => d11.locator('.heatmap-plot').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('live');
    await screenshot(page, 'site-ohio-h11-air-1920x1080');
    await page.locator('tr[data-hall="h2"] .hall-link').click();
    const d2 = page.getByRole('region', { name: 'Hall detail: Hall 2' });
    await expect.poll(() => d2.locator('.heatmap-plot').getAttribute('data-color')).toBe('coolant');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the wall shows no coolant while every loop is fine', async () => {
    const res = await fetch(`${server.url}/api/alerts`);
    const active = ((await res.json()) as { active: Array<{ title: string }> }).active;
    expect(active.filter((a) => /coolant/i.test(a.title))).toEqual([]);
    const { page, errors, context } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${server.url}/wall?page=ohio`);
    await live(page);
    await page.locator('.wall-hall[data-hall="h10"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('.wall-coolant, .wall-hall-alert').count()).toBe(0);
    await page.goto(`${server.url}/wall?page=fleet`);
    await live(page);
    await page.getByRole('region', { name: 'Ohio', exact: true }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.wall-tile-coolant, .wall-coolant').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a phone: the coolant column and the loop fit without sideways scrolling', async () => {
    const { page, errors, context } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${server.url}/site/ohio?hall=h10&color=coolant`);
    await live(page);
    await page
      .locator(
        'tr[data-hall="h10"] td[data-coolant-state="ok"], tr[data-hall="h10"] td[data-coolant-state="warn"], tr[data-hall="h10"] td[data-coolant-state="bad"]',
      )
      .waitFor({ timeout: 15_000 });
    await page.locator('.heatmap-plot[data-state="live"]').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1200);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.locator('tr[data-hall="h9"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await screenshot(page, 'site-ohio-coolant-390x844-halls');
    await page
      .locator('[data-hall-detail] .panel-head')
      .evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(1500);
    await screenshot(page, 'site-ohio-coolant-390x844-detail');
    await page.locator('.hall-coolant').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(1500);
    await screenshot(page, 'site-ohio-coolant-390x844-loop');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describeInBrowser('a coolant alert on /wall (a producer whose Ohio Hall 10 loop fails)', () => {
  let server: RunningServer;
  let browser: Browser;
  const stop = new AbortController();
  let run: Promise<unknown> | undefined;

  beforeAll(async () => {
    // No built-in simulator: the only data is this producer's, with a CDU failure in Ohio Hall 10 that
    // started 30 minutes ago (fully developed: flow ~40 % of design, supply +8 °C, ΔT over 20 K). The
    // default alert rules judge it.
    server = await startServer({ GIGAWATT_SIMULATE: 'off' });
    browser = await launchBrowser();
    const sim = createSimulator({
      seed: 7,
      fleet: defaultFleet,
      incidents: [
        {
          kind: 'coolingFailure',
          site: 'ohio',
          hall: 'h10',
          start: Date.now() - 30 * 60_000,
          durationMs: 3 * 3600_000,
        },
      ],
    });
    // Ohio with its racks (the heatmap's coolant mode), the other sites at site and hall level only.
    const feed = (sites: string[], racks: boolean) =>
      publish({
        url: server.url,
        token: 'e2e-ingest-token',
        sim,
        sites,
        racks,
        signal: stop.signal,
        log: () => {},
      }).catch(() => undefined);
    run = Promise.all([
      feed(['ohio'], true),
      feed(
        defaultFleet.sites.map((s) => s.id).filter((id) => id !== 'ohio'),
        false,
      ),
    ]);
    await waitFor(
      async () => {
        const res = await fetch(`${server.url}/api/alerts`);
        const body = (await res.json()) as {
          active: Array<{ title: string; scope: { site?: string; hall?: string } }>;
        };
        return body.active.some(
          (a) => a.scope.site === 'ohio' && a.scope.hall === 'h10' && /coolant flow/.test(a.title),
        );
      },
      40_000,
      'the coolant flow alert of Ohio Hall 10',
    );
  });
  afterAll(async () => {
    stop.abort();
    await run;
    await browser?.close();
    await server?.stop();
  });

  it('the site page marks the failing loop in words beside its colour, and its racks run hot', async () => {
    const { page, errors, context } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${server.url}/site/ohio?hall=h10&color=coolant`);
    await live(page);
    const cell = page.locator('tr[data-hall="h10"] td[data-label="Coolant"]');
    await expect.poll(() => cell.getAttribute('data-coolant-state'), { timeout: 15_000 }).toBe('bad');
    expect(await cell.locator('.coolant-flag').textContent()).toMatch(/^Low flow \d+ %$/);
    expect(await cell.locator('.coolant-flag .sev-icon').count()).toBe(1);
    expect(await cell.getAttribute('title')).toMatch(/: Low flow \d+ %(, High ΔT)?, Warm supply\.$/);
    // Healthy halls stay plain.
    expect(
      await page.locator('tr[data-hall="h9"] td[data-label="Coolant"]').getAttribute('data-coolant-state'),
    ).toBe('ok');
    const loop = page.getByRole('region', { name: 'Coolant loop of Hall 10' });
    const state = loop.locator('p.coolant-state');
    await expect.poll(() => state.getAttribute('data-coolant-state'), { timeout: 10_000 }).toBe('bad');
    expect(await state.textContent()).toMatch(/^Low flow \d+ %( · High ΔT)? · Warm supply$/);
    expect(await state.locator('.sev-icon').count()).toBe(1);
    const heatmap = page.locator('[data-hall-detail="h10"] .heatmap-plot');
    await expect.poll(() => heatmap.getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    await expect
      .poll(() => heatmap.getAttribute('aria-label'), { timeout: 10_000 })
      .toMatch(/by coolant return: min/);
    const max = Number(/max (\d+\.\d) °C/.exec((await heatmap.getAttribute('aria-label')) ?? '')?.[1]);
    // Supply is 8 K up and the flow-starved racks return hotter than any healthy one (≤ 40 °C).
    expect(max).toBeGreaterThan(40);
    await page.waitForTimeout(1000);
    await screenshot(page, 'site-ohio-coolant-failing-1920x1080');
    await loop.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(1500);
    await screenshot(page, 'site-ohio-coolant-failing-loop-1920x1080');
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const [width, height] of [
    [1920, 1080],
    [3840, 2160],
  ] as const) {
    it(`${width}×${height}: the alert is listed, Hall 10’s card shows its loop, and the layout still fits`, async () => {
      const { page, errors, context } = await openPage(browser, { width, height });
      await page.goto(`${server.url}/wall?page=ohio`);
      await live(page);
      const row = page
        .locator('.wall [data-alert-id]')
        .filter({ hasText: /Ohio Hall 10: coolant flow \d+ % of design, ΔT \d+\.\d °C/ });
      await row.first().waitFor({ timeout: 15_000 });
      expect(await row.first().getAttribute('data-severity')).toBe('critical');
      const card = page.locator('.wall-hall[data-hall="h10"]');
      const figure = card.locator('.wall-coolant');
      await figure.waitFor({ timeout: 10_000 });
      // ΔT and flow against design (supply too when it is out of band), each with its unit.
      const deltaEl = figure.locator('[data-metric="coolantDeltaC"]');
      await expect.poll(() => deltaEl.textContent(), { timeout: 10_000 }).toMatch(/^ΔT \d+\.\d °C$/);
      expect(await figure.locator('.wall-coolant-label').textContent()).toBe('Coolant');
      expect(await figure.locator('[data-metric="coolantFlowPct"]').textContent()).toMatch(/^flow \d+ %$/);
      expect(await figure.locator('.wall-coolant-figures').textContent()).toMatch(
        /^flow \d+ %ΔT \d+\.\d °C(supply \d+\.\d °C)?$/,
      );
      const flowPct = Number(
        await figure.locator('[data-metric="coolantFlowPct"]').getAttribute('data-value'),
      );
      // The default rule raises at 80 % of design flow; the failed loop runs at ~40 %.
      expect(flowPct).toBeLessThan(80);
      expect(Number(await deltaEl.getAttribute('data-value'))).toBeGreaterThan(0);
      expect(await card.getAttribute('class')).toContain('wall-hall-alert-critical');
      // Only the failing hall: no coolant on any other card.
      expect(await page.locator('.wall-coolant').count()).toBe(1);
      // Readable across the room: the loop's figures at ≥ 1.3 em of the wall (16 px at 1080p).
      const em = (16 * width) / 1920;
      const px = await figure
        .locator('.wall-coolant-figures')
        .evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
      expect(px).toBeGreaterThanOrEqual(1.3 * em - 0.5);
      await page.waitForTimeout(800);
      const l = await wallLayout(page);
      expect(l.scrollHeight, 'vertical scroll').toBe(height);
      expect(l.outside).toEqual([]);
      expect(l.overlaps).toEqual([]);
      expect(l.clipped).toEqual([]);
      expect(l.smallText).toEqual([]);
      await screenshot(page, `wall-ohio-coolant-${width}x${height}`);

      // The fleet page names the hall on Ohio's tile; the other tiles stay as they are.
      await page.goto(`${server.url}/wall?page=fleet`);
      await live(page);
      const ohio = page.getByRole('region', { name: 'Ohio', exact: true });
      const line = ohio.locator('.wall-tile-coolant');
      await line.waitFor({ timeout: 10_000 });
      expect(await line.locator('.wall-coolant-label').textContent()).toBe('Hall 10 coolant');
      await expect
        .poll(() => line.locator('.wall-coolant-figures').textContent(), { timeout: 10_000 })
        .toMatch(/^flow \d+ %ΔT \d+\.\d °C(supply \d+\.\d °C)?$/);
      expect(await page.locator('.wall-tile-coolant').count()).toBe(1);
      await page.waitForTimeout(800);
      const f = await wallLayout(page);
      expect(f.scrollHeight, 'vertical scroll').toBe(height);
      expect(f.outside).toEqual([]);
      expect(f.overlaps).toEqual([]);
      expect(f.clipped).toEqual([]);
      expect(f.smallText).toEqual([]);
      await screenshot(page, `wall-fleet-coolant-${width}x${height}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
