import './debugWindow.ts';
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
  tolerate,
} from './harness.ts';
import { startProducer, type TestProducer } from './producer.ts';
import { wallLayout } from './wallLayout.ts';

/** Polls outside a test (expect.poll only works inside one). */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the server');
    await new Promise((r) => setTimeout(r, 250));
  }
}
const VIEWER = 'e2e-viewer-token';
const OPERATOR = 'e2e-operator-token';

async function wallReady(page: Page, pageId: string) {
  await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
  await page.locator(`.wall[data-page="${pageId}"]`).waitFor({ timeout: 10_000 });
  await page.locator('.wall [data-alert-id]').first().waitFor({ timeout: 15_000 });
  // Every chart filled from history, then one more frame.
  await expect
    .poll(
      () =>
        page
          .locator('.wall [data-chart]')
          .evaluateAll((els) => Math.min(...els.map((e) => Number(e.getAttribute('data-points') ?? 0)))),
      { timeout: 15_000 },
    )
    .toBeGreaterThan(600);
  await page.waitForTimeout(600);
}

describeInBrowser('/wall, the ops-room kiosk', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // Rules that fire at once on the simulator (critical and warning power alerts), and a viewer token:
    // the wall takes it once from the URL.
    server = await startServer({
      GIGAWATT_ALERT_RULES: 'e2e/fixtures/wall-alert-rules.json',
      GIGAWATT_VIEWER_TOKEN: VIEWER,
    });
    browser = await launchBrowser();
    await waitFor(async () => {
      const res = await fetch(`${server.url}/api/alerts`, { headers: { authorization: `Bearer ${VIEWER}` } });
      return ((await res.json()) as { active: unknown[] }).active.length > 0;
    }, 20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const heroes: Record<string, number> = {};
  for (const [width, height] of [
    [1920, 1080],
    [3840, 2160],
  ] as const) {
    it(`fits ${width}×${height} with active alerts: no scrolling, overlaps, clipping, controls or cursor`, async () => {
      const { page, errors, context } = await openPage(browser, { width, height });
      await page.goto(`${server.url}/wall?page=fleet&token=${VIEWER}`);
      await wallReady(page, 'fleet');
      // The token left the URL for the device's storage.
      expect(new URL(page.url()).searchParams.has('token')).toBe(false);
      expect(await page.evaluate(() => localStorage.getItem('gigawatt.viewerToken'))).toBe(VIEWER);
      for (const pageId of ['fleet', 'ohio']) {
        if (pageId !== 'fleet') {
          // No token this time: the stored one is used.
          await page.goto(`${server.url}/wall?page=${pageId}`);
          await wallReady(page, pageId);
        }
        const l = await wallLayout(page);
        expect(l.scrollWidth, 'horizontal scroll').toBe(width);
        expect(l.scrollHeight, 'vertical scroll').toBe(height);
        expect(l.cursor).toBe('none');
        expect(l.controls).toEqual([]);
        expect(l.outside).toEqual([]);
        expect(l.overlaps).toEqual([]);
        expect(l.clipped).toEqual([]);
        // Legible across a room: the wall's em is 16 px at 1080p (32 px at 4K). "% of cap" is the
        // biggest numeral (≥ 4.5 em; ≥ 4 em in the site tiles), figures ≥ 2.2 em, labels ≥ 1.1 em, and
        // no text anywhere below 1 em.
        const em = (16 * width) / 1920;
        expect(l.heroPx, 'hero % of cap').toBeGreaterThanOrEqual(4.5 * em);
        expect(l.capPctMinPx, 'smallest % of cap').toBeGreaterThanOrEqual(4 * em);
        expect(l.kpiMinPx, 'smallest headline figure').toBeGreaterThanOrEqual(2.2 * em);
        expect(l.labelMinPx, 'smallest label').toBeGreaterThanOrEqual(1.1 * em);
        expect(l.smallText).toEqual([]);
        heroes[`${pageId}-${width}`] = l.heroPx;
        // Alerts are loud and ordered: critical first.
        const severities = await page
          .locator('.wall [data-alert-id]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')));
        expect(severities[0]).toBe('critical');
        const rank = { critical: 0, warning: 1, info: 2 } as Record<string, number>;
        const ranks = severities.map((x) => rank[x ?? ''] ?? 9);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        await screenshot(page, `wall-${pageId}-${width}x${height}`);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('scales type with the screen: 4K numerals are twice the size of 1080p ones', () => {
    for (const p of ['fleet', 'ohio']) {
      const ratio = (heroes[`${p}-3840`] ?? 0) / (heroes[`${p}-1920`] ?? 1);
      expect(ratio, p).toBeGreaterThan(1.9);
      expect(ratio, p).toBeLessThan(2.1);
    }
  });

  it('rotates fleet → each site with ?rotate=2s and leaves nothing behind', async () => {
    const { page, errors, context } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${server.url}/wall?rotate=2s&sites=louisiana,ohio&token=${VIEWER}`);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
    await page.locator('.wall[data-page]').waitFor();
    // The page records its own rotation (a busy test machine must not miss a 2 s page), and takes a
    // census of each page a moment after it is shown: store subscriptions, canvases, charts, elements.
    await page.evaluate(() => {
      const wall = document.querySelector('.wall')!;
      const log: Array<{ page: string; census?: Record<string, number> }> = [];
      (window as unknown as { __rotation: typeof log }).__rotation = log;
      let last = '';
      const seen = () => {
        const p = wall.getAttribute('data-page') ?? '';
        if (p === last) return;
        last = p;
        const entry: (typeof log)[number] = { page: p };
        log.push(entry);
        setTimeout(() => {
          if (wall.getAttribute('data-page') !== p) return;
          entry.census = {
            subscribers: window.__gigawatt?.subscriberCount() ?? -1,
            canvases: document.querySelectorAll('canvas').length,
            charts: document.querySelectorAll('[data-chart]').length,
            nodes:
              document.getElementsByTagName('*').length - document.querySelectorAll('.wall-alerts *').length,
          };
        }, 700);
      };
      seen();
      new MutationObserver(seen).observe(wall, { attributes: true, attributeFilter: ['data-page'] });
    });
    const rotation = () =>
      page.evaluate(
        () =>
          (window as unknown as { __rotation: Array<{ page: string; census?: Record<string, number> }> })
            .__rotation,
      );
    expect(await page.locator('.wall-pages-next').textContent()).toMatch(/^Next: /);
    await expect
      .poll(async () => (await rotation()).length, { timeout: 30_000, interval: 250 })
      .toBeGreaterThanOrEqual(7);
    await page.waitForTimeout(800);
    const log = await rotation();
    // Fleet, then each site, and around again.
    const cycle = ['fleet', 'louisiana', 'ohio'];
    const start = cycle.indexOf(log[0]!.page);
    expect(log.map((e) => e.page)).toEqual(log.map((_, i) => cycle[(start + i) % 3]));
    // Every visit to the fleet page finds what the previous one found.
    const fleet = log.filter((e) => e.page === 'fleet' && e.census).map((e) => e.census);
    expect(fleet.length).toBeGreaterThanOrEqual(2);
    for (const c of fleet) expect(c).toEqual(fleet[0]);
    expect(fleet[0]?.charts).toBe(3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('stays on ?page=ohio', async () => {
    const { page, errors, context } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${server.url}/wall?page=ohio&rotate=2s&token=${VIEWER}`);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
    await page.locator('.wall[data-page="ohio"]').waitFor();
    expect(await page.locator('.wall-pages-next').textContent()).toBe('Pinned');
    await page.waitForTimeout(4500);
    expect(await page.locator('.wall').getAttribute('data-page')).toBe('ohio');
    expect(await page.getByRole('region', { name: 'Ohio', exact: true }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('?sites=ohio,texas totals the shown sites against their own caps, and says so', async () => {
    const { page, errors, context } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${server.url}/wall?page=fleet&sites=ohio,texas&token=${VIEWER}`);
    await wallReady(page, 'fleet');
    // One synchronous read: the head and the tiles come from the same render.
    const read = () =>
      page.evaluate(() => {
        const num = (sel: string) => Number(document.querySelector(sel)?.getAttribute('data-value'));
        return {
          head: num('.wall-fleet-head [data-metric="facilityPowerMw"]'),
          cap: num('.wall-fleet-head [data-metric="powerCapMw"]'),
          usedPct: num('.wall-fleet-head [data-metric="powerUsedPct"]'),
          ohio: num('.wall-tile[data-site="ohio"] [data-metric="facilityPowerMw"]'),
          texas: num('.wall-tile[data-site="texas"] [data-metric="facilityPowerMw"]'),
          tiles: document.querySelectorAll('.wall-tile').length,
          subtitle: document.querySelector('.wall-subtitle')?.textContent ?? '',
          label: document.querySelector('.wall-fleet-head .wall-kpi-label')?.textContent ?? '',
        };
      });
    const r = await read();
    expect(r.tiles).toBe(2);
    expect(r.head).toBeGreaterThan(0);
    expect(r.head).toBeCloseTo(r.ohio + r.texas, 6);
    expect(r.cap).toBe(660 + 940);
    expect(r.usedPct).toBeCloseTo((r.head / r.cap) * 100, 6);
    expect(r.label).toMatch(/^Ohio \+ Texas/);
    const mw = (x: number) =>
      x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(r.subtitle).toContain('Ohio + Texas (2 of 4 sites)');
    expect(r.subtitle).toContain(`of ${mw(1600)} MW cap`);
    // The whole fleet draws far more than these two: the subset's figure is not the fleet's.
    await page.goto(`${server.url}/wall?page=fleet`);
    await wallReady(page, 'fleet');
    const all = await read();
    expect(all.tiles).toBe(4);
    expect(all.cap).toBe(2610);
    expect(all.head).toBeGreaterThan(r.head * 1.3);
    expect(all.subtitle).toMatch(/^All 4 sites · /);
    await screenshot(page, 'wall-fleet-all-1920x1080');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('settles headline figures to a 1 min mean while the chart keeps every second', async () => {
    const { page, errors, context } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${server.url}/wall?page=fleet&token=${VIEWER}`);
    await wallReady(page, 'fleet');
    const readings: Array<{ mean: number; raw: number }> = [];
    for (let i = 0; i < 10; i++) {
      readings.push(
        await page.evaluate(() => ({
          mean: Number(
            document
              .querySelector('.wall-fleet-head [data-metric="facilityPowerMw"]')
              ?.getAttribute('data-value'),
          ),
          raw: Number(
            (document.querySelector('.wall-trend-fleet .legend-value')?.textContent ?? '').replace(
              /[^\d.]/g,
              '',
            ),
          ),
        })),
      );
      await page.waitForTimeout(1000);
    }
    const maxStep = (xs: number[]) => Math.max(...xs.slice(1).map((x, i) => Math.abs(x - xs[i]!)));
    const meanStep = maxStep(readings.map((r) => r.mean));
    const rawStep = maxStep(readings.map((r) => r.raw));
    expect(readings.every((r) => r.mean > 0 && r.raw > 0)).toBe(true);
    // A minute's mean moves by a sixtieth of what enters and leaves it; the raw second swings freely.
    expect(meanStep, `mean moved ${meanStep} MW, raw ${rawStep} MW`).toBeLessThan(Math.max(3, rawStep / 4));
    expect(await page.locator('.wall-subtitle').textContent()).toMatch(/now \(1 min mean\)$/);
    // avg=0: the headline is the newest second, the same number the chart's legend shows.
    await page.goto(`${server.url}/wall?page=fleet&avg=0`);
    await page.locator('.wall[data-page="fleet"]').waitFor({ timeout: 20_000 });
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const mean = Number(
              document
                .querySelector('.wall-fleet-head [data-metric="facilityPowerMw"]')
                ?.getAttribute('data-value'),
            );
            const raw = (document.querySelector('.wall-trend-fleet .legend-value')?.textContent ?? '').trim();
            return (
              `${mean.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MW` ===
              raw
            );
          }),
        { timeout: 30_000, interval: 100 },
      )
      .toBe(true);
    await expect
      .poll(() => page.locator('.wall-subtitle').textContent(), { timeout: 30_000 })
      .toMatch(/now \(latest second\)$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads on a 390×844 phone: one column, no sideways scroll, charts as wide as the screen', async () => {
    const { page, errors, context } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${server.url}/wall?page=fleet&token=${VIEWER}`);
    await wallReady(page, 'fleet');
    const layout = await page.evaluate(() => {
      const tiles = [...document.querySelectorAll('.wall-tile')].map((e) => e.getBoundingClientRect());
      const charts = [...document.querySelectorAll('.wall [data-chart]')].map((e) =>
        e.getBoundingClientRect(),
      );
      return {
        scrollWidth: document.documentElement.scrollWidth,
        tileLefts: [...new Set(tiles.map((r) => Math.round(r.left)))],
        tileWidths: tiles.map((r) => r.width),
        chartWidths: charts.map((r) => r.width),
        chartHeights: charts.map((r) => r.height),
      };
    });
    await screenshot(page, 'wall-fleet-390x844');
    expect(layout.scrollWidth, 'horizontal scroll').toBeLessThanOrEqual(390);
    // One column: every site tile starts at the same left edge and takes most of the width.
    expect(layout.tileLefts).toHaveLength(1);
    for (const w of layout.tileWidths) expect(w).toBeGreaterThan(300);
    for (const w of layout.chartWidths) expect(w).toBeLessThanOrEqual(390);
    for (const h of layout.chartHeights) expect(h).toBeGreaterThan(100);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('takes ?theme=light and ?theme=contrast', async () => {
    const { page, errors, context } = await openPage(browser, { width: 1920, height: 1080 });
    for (const theme of ['light', 'contrast']) {
      await page.goto(`${server.url}/wall?page=ohio&theme=${theme}&token=${VIEWER}`);
      await wallReady(page, 'ohio');
      expect(await page.locator('.wall').getAttribute('data-theme')).toBe(theme);
      const l = await wallLayout(page);
      expect([l.overlaps, l.outside, l.clipped]).toEqual([[], [], []]);
      await screenshot(page, `wall-ohio-${theme}-1920x1080`);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an operator acknowledges on / with a comment; the wall shows who and when', async () => {
    const ops = await openPage(browser, { width: 1440, height: 900 });
    const wall = await ops.context.browser()!.newContext({ viewport: { width: 1920, height: 1080 } });
    const wallPage = await wall.newPage();
    const wallErrors: string[] = [];
    wallPage.on('console', (m) => {
      if (m.type() === 'error') wallErrors.push(m.text());
    });
    await wallPage.goto(`${server.url}/wall?page=fleet&token=${VIEWER}`);
    await wallReady(wallPage, 'fleet');

    const { page, errors } = ops;
    await page.goto(`${server.url}/?token=${VIEWER}`);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
    const item = page.locator('.alerts [data-state="raised"]').first();
    await item.waitFor({ timeout: 10_000 });
    const id = (await item.getAttribute('data-alert-id'))!;
    await item.getByRole('button', { name: /^Acknowledge/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Acknowledge alert' });
    await dialog.waitFor();
    await dialog.getByLabel('Your name').fill('Dana Ops');
    await dialog.getByLabel('Comment').fill('Shedding load in hall 4');
    // A wrong token is refused, said in the dialog, and nothing changes. (Chromium logs the 403 itself.)
    const refused = tolerate(errors, [/Failed to load resource: the server responded with a status of 403/]);
    await dialog.getByLabel('Operator token').fill('not-the-token');
    await dialog.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await expect
      .poll(async () => dialog.getByRole('alert').textContent(), { timeout: 5000 })
      .toMatch(/refused this operator token/);
    expect(await page.evaluate(() => localStorage.getItem('gigawatt.operatorToken'))).toBeNull();
    refused.end();
    await dialog.getByLabel('Operator token').fill(OPERATOR);
    await dialog.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });
    expect(await page.evaluate(() => localStorage.getItem('gigawatt.operatorToken'))).toBe(OPERATOR);

    const ackText = /Acknowledged by Dana Ops at \d\d:\d\d:\d\d \S+ — “Shedding load in hall 4”/;
    const onOps = page.locator(`.alerts [data-alert-id="${id}"]`);
    await expect.poll(() => onOps.getAttribute('data-state'), { timeout: 5000 }).toBe('acknowledged');
    expect(await onOps.textContent()).toMatch(ackText);
    // The other display learns it from the server's `acknowledged` event.
    const onWall = wallPage.locator(`.wall [data-alert-id="${id}"]`);
    await expect.poll(() => onWall.getAttribute('data-state'), { timeout: 5000 }).toBe('acknowledged');
    expect(await onWall.textContent()).toMatch(ackText);
    await wallPage.waitForTimeout(300);
    await screenshot(wallPage, 'wall-fleet-acknowledged-1920x1080');

    // The next acknowledgement uses the saved token, which can be forgotten.
    const next = page.locator('.alerts [data-state="raised"]').first();
    await next.getByRole('button', { name: /^Acknowledge/ }).click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/Using the operator token saved on this device/);
    expect(await dialog.getByLabel('Your name').inputValue()).toBe('Dana Ops');
    // Someone else acknowledges it meanwhile: the dialog says so instead of failing later.
    const nextId = (await next.getAttribute('data-alert-id'))!;
    const res = await fetch(`${server.url}/api/alerts/${encodeURIComponent(nextId)}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'Sam Night', comment: '' }),
    });
    expect(res.status).toBe(200);
    await expect
      .poll(() => dialog.textContent(), { timeout: 5000 })
      .toMatch(/Already acknowledged by Sam Night at/);
    await screenshot(page, 'ack-dialog-1440x900');
    await dialog.getByRole('button', { name: 'Forget token' }).click();
    expect(await page.evaluate(() => localStorage.getItem('gigawatt.operatorToken'))).toBeNull();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
    expect(wallErrors).toEqual([]);
    await wall.close();
    await ops.context.close();
  });
});

describeInBrowser('/wall and / during an outage', () => {
  let server: RunningServer;
  let browser: Browser;
  let producer: TestProducer | undefined;

  beforeAll(async () => {
    // Only a producer this test stops: the outage is real, not simulated in the page.
    server = await startServer({ GIGAWATT_SIMULATE: 'off' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await producer?.stop();
    await browser?.close();
    await server?.stop();
  });

  it('greys the fleet headline out and says since when, instead of "… MW now"', async () => {
    producer = startProducer(server.url);
    const { page, errors, context } = await openPage(browser, { width: 1920, height: 1080 });
    const overview = await context.newPage();
    overview.on('console', (m) => {
      if (m.type() === 'error') errors.push(`overview console.error: ${m.text()}`);
    });
    const exec = await context.newPage();
    exec.on('console', (m) => {
      if (m.type() === 'error') errors.push(`exec console.error: ${m.text()}`);
    });
    await page.goto(`${server.url}/wall?page=fleet`);
    await overview.goto(`${server.url}/`);
    await exec.goto(`${server.url}/exec?range=1h`);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
    const head = page.locator('.wall-fleet-head');
    const subtitle = page.locator('.wall-subtitle');
    await expect.poll(() => subtitle.textContent(), { timeout: 15_000 }).toMatch(/ MW cap now \(/);
    expect(await head.getAttribute('data-stale')).toBe('false');
    const dim = (loc: typeof head) =>
      loc.evaluate((el) => {
        const d = el.querySelector('.stale-dim');
        const s = d ? getComputedStyle(d) : null;
        return { opacity: Number(s?.opacity ?? 1), filter: s?.filter ?? '' };
      });
    expect((await dim(head)).opacity).toBe(1);

    await producer.stop();
    producer = undefined;
    await expect.poll(() => head.getAttribute('data-stale'), { timeout: 15_000, interval: 250 }).toBe('true');
    await expect.poll(() => subtitle.getAttribute('data-stale'), { timeout: 5000 }).toBe('true');
    const text = (await subtitle.textContent()) ?? '';
    expect(text).toMatch(/stale since \d\d:\d\d:\d\d$/);
    expect(text).not.toMatch(/now/);
    // Greyed like a stale site panel, and the words are there too.
    const wallDim = await dim(head);
    expect(wallDim.opacity).toBeLessThan(0.6);
    expect(wallDim.filter).toMatch(/grayscale/);
    expect(await head.locator('[data-freshness="stale"]').textContent()).toMatch(
      /Stale since \d\d:\d\d:\d\d/,
    );
    // The last values stay readable: a number with its unit.
    expect(await head.locator('[data-metric="facilityPowerMw"]').textContent()).toMatch(/\d.* MW$/);
    // The fleet overview's summary says it the same way.
    const summary = overview.getByRole('region', { name: 'Fleet summary' });
    await expect.poll(() => summary.getAttribute('data-stale'), { timeout: 10_000 }).toBe('true');
    expect(await summary.locator('[data-freshness="stale"]').textContent()).toMatch(
      /Stale since \d\d:\d\d:\d\d/,
    );
    expect((await dim(summary)).opacity).toBeLessThan(0.6);
    // And the executive view's "Fleet now" becomes "Fleet as of …", greyed.
    const now = exec.locator('section[aria-labelledby="xh-now"]');
    await expect.poll(() => now.getAttribute('data-stale'), { timeout: 10_000 }).toBe('true');
    expect(await exec.locator('#xh-now').textContent()).toMatch(/^Fleet as of \d\d:\d\d:\d\d$/);
    expect((await dim(now)).opacity).toBeLessThan(0.6);
    await screenshot(page, 'wall-fleet-outage-1920x1080');
    await screenshot(overview, 'fleet-outage-1920x1080');

    producer = startProducer(server.url);
    await expect
      .poll(() => head.getAttribute('data-stale'), { timeout: 15_000, interval: 250 })
      .toBe('false');
    await expect.poll(() => subtitle.textContent(), { timeout: 5000 }).toMatch(/ MW cap now \(/);
    await expect.poll(() => exec.locator('#xh-now').textContent(), { timeout: 10_000 }).toBe('Fleet now');
    expect(errors).toEqual([]);
    await context.close();
  });
});
