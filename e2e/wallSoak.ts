import './debugWindow.ts';
import type { CDPSession, Page } from 'playwright-core';
import {
  freePort,
  launchBrowser,
  OUTAGE_NOISE,
  openPage,
  type RunningServer,
  startServer,
  statusText,
} from './harness.ts';

/**
 * The wall-display soak: `/wall?rotate=2s` against a server on a fast clock, with the server killed and
 * restarted now and then, while the JS heap (after a forced GC) and the DOM are sampled. Shared by the
 * short browser test and `bench/soak.ts`.
 */
export interface SoakOptions {
  /** Server seconds per wall second. */
  clockRate: number;
  /** Wall time to run (ms). */
  durationMs: number;
  /** Server kills (SIGKILL) and restarts, evenly spaced. */
  restarts: number;
  /** Samples taken before this much wall time are warm-up (not judged). */
  warmupMs: number;
  viewport?: { width: number; height: number };
  log?: (line: string) => void;
}

export interface SoakSample {
  /** Wall ms since the page went live. */
  atMs: number;
  page: string;
  status: string;
  heapUsedBytes: number;
  nodes: number;
  listeners: number;
  subscribers: number;
  canvases: number;
}

export interface SoakFigures {
  firstThirdMedian: number;
  lastThirdMedian: number;
  /** lastThirdMedian / firstThirdMedian. */
  ratio: number;
  min: number;
  max: number;
  /** Least-squares slope per hour of wall time. */
  slopePerHour: number;
}

export interface SoakResult {
  options: Omit<SoakOptions, 'log'>;
  wallSeconds: number;
  /** Data time the page went through (sum of its newest tick's advances), hours. */
  dataHours: number;
  restarts: number;
  /** Times the page came back to LIVE after a restart. */
  reconnects: number;
  pagesShown: number;
  samples: SoakSample[];
  heap: SoakFigures;
  /** DOM nodes, compared page by page (pages differ in size) and summarised over all pages. */
  nodes: SoakFigures & { byPage: Record<string, SoakFigures> };
  /** Event listeners, likewise (a page with more charts has more). */
  listeners: SoakFigures & { byPage: Record<string, SoakFigures> };
  errors: string[];
}

const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function figures(points: ReadonlyArray<{ atMs: number; v: number }>): SoakFigures {
  const n = points.length;
  const third = Math.max(1, Math.floor(n / 3));
  const first = median(points.slice(0, third).map((p) => p.v));
  const last = median(points.slice(n - third).map((p) => p.v));
  const mx = points.reduce((a, p) => a + p.atMs, 0) / Math.max(1, n);
  const my = points.reduce((a, p) => a + p.v, 0) / Math.max(1, n);
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.atMs - mx) * (p.v - my);
    den += (p.atMs - mx) ** 2;
  }
  return {
    firstThirdMedian: first,
    lastThirdMedian: last,
    ratio: last / first,
    min: Math.min(...points.map((p) => p.v)),
    max: Math.max(...points.map((p) => p.v)),
    slopePerHour: den > 0 ? (num / den) * 3_600_000 : 0,
  };
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Waits for LIVE; the statuses seen on the way (for the error message) otherwise. */
async function waitLive(page: Page, timeoutMs: number): Promise<true | string[]> {
  const deadline = Date.now() + timeoutMs;
  const seen: string[] = [];
  while (Date.now() < deadline) {
    const s = await statusText(page).catch(() => '(no status element)');
    if (s === 'LIVE') return true;
    if (seen.at(-1) !== s) seen.push(s);
    await new Promise((r) => setTimeout(r, 200));
  }
  return seen;
}

export async function runWallSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const env = {
    GIGAWATT_CLOCK_RATE: String(options.clockRate),
    GIGAWATT_SIMULATE_RACKS: 'off',
    GIGAWATT_BACKFILL: '20m',
    // The soak measures the browser; recordings at 200× would only load the shared machine.
    GIGAWATT_RECORD: 'off',
  };
  const port = await freePort();
  let server: RunningServer = await startServer(env, { port });
  const browser = await launchBrowser();
  const errors: string[] = [];
  let outage = false;
  const samples: SoakSample[] = [];
  let restarts = 0;
  let reconnects = 0;
  let dataMs = 0;
  let pagesShown = 0;
  try {
    const {
      page,
      context,
      errors: pageErrors,
    } = await openPage(browser, options.viewport ?? { width: 1920, height: 1080 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${server.url}/wall?rotate=2s`);
    const first = await waitLive(page, 60_000);
    if (first !== true) throw new Error(`the wall never went LIVE (saw ${first.join(' → ')})`);
    const t0 = Date.now();
    const end = t0 + options.durationMs;
    const restartAt = Array.from(
      { length: options.restarts },
      (_, i) => t0 + ((i + 1) * options.durationMs) / (options.restarts + 1),
    );
    let lastTickT: number | null = null;
    let restarting: Promise<void> | null = null;
    let lastPage = '';
    let seenErrors = 0;
    while (Date.now() < end) {
      // Console errors: Chromium's own connection noise is expected only while the server is down.
      for (const e of pageErrors.slice(seenErrors)) {
        if (!(outage && OUTAGE_NOISE.some((re) => re.test(e)))) errors.push(e);
      }
      seenErrors = pageErrors.length;

      // Restarts run beside the sampling, so the page keeps rotating (and being measured) through them.
      if (!restarting && restartAt.length > 0 && Date.now() >= restartAt[0]!) {
        restartAt.shift();
        restarting = (async () => {
          outage = true;
          await server.stop('SIGKILL');
          restarts++;
          await new Promise((r) => setTimeout(r, 1000));
          server = await startServer(env, { port, keepData: true });
          const back = await waitLive(page, 60_000);
          if (back === true) reconnects++;
          else errors.push(`restart ${restarts}: not LIVE again within 60 s (saw ${back.join(' → ')})`);
          log(`restart ${restarts}: ${reconnects === restarts ? 'LIVE again' : 'NOT live'}`);
          // The dead server's last refused attempts may still be reported a moment later.
          await new Promise((r) => setTimeout(r, 500));
          outage = false;
        })().finally(() => {
          restarting = null;
        });
      }

      // Follow the data time the page holds (a restarted fast-clock server starts a new timeline).
      const tickT = await page.evaluate(() => window.__gigawatt?.newestTickT() ?? null).catch(() => null);
      if (tickT !== null && lastTickT !== null && tickT > lastTickT) dataMs += tickT - lastTickT;
      if (tickT !== null) lastTickT = tickT;

      // Sample once per page shown, a moment after it appears (its charts built and filled).
      const current = await page
        .locator('.wall')
        .getAttribute('data-page')
        .catch(() => null);
      if (current && current !== lastPage) {
        lastPage = current;
        pagesShown++;
        await new Promise((r) => setTimeout(r, 400));
        const m = await metrics(cdp);
        const probe = await page.evaluate(() => ({
          subscribers: window.__gigawatt?.subscriberCount() ?? -1,
          canvases: document.querySelectorAll('canvas').length,
          page: document.querySelector('.wall')?.getAttribute('data-page') ?? '',
        }));
        // On a busy machine the next page may already be up: attribute nothing to the wrong page.
        if (probe.page !== current) continue;
        samples.push({
          atMs: Date.now() - t0,
          page: current,
          status: await statusText(page),
          heapUsedBytes: m.JSHeapUsedSize ?? Number.NaN,
          nodes: m.Nodes ?? Number.NaN,
          listeners: m.JSEventListeners ?? Number.NaN,
          subscribers: probe.subscribers,
          canvases: probe.canvases,
        });
        const s = samples[samples.length - 1]!;
        if (samples.length % 10 === 1) {
          log(
            `${Math.round(s.atMs / 1000)} s: ${s.page.padEnd(9)} heap ${(s.heapUsedBytes / 1e6).toFixed(1)} MB, ` +
              `${s.nodes} nodes, ${s.listeners} listeners, data ${(dataMs / 3_600_000).toFixed(1)} h`,
          );
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // A restart still under way finishes (and is judged) before the page closes.
    while (restarting) await restarting;
    for (const e of pageErrors.slice(seenErrors)) if (!OUTAGE_NOISE.some((re) => re.test(e))) errors.push(e);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }

  const judged = samples.filter((s) => s.atMs >= options.warmupMs);
  const byPage = (pick: (s: SoakSample) => number) => {
    const out: Record<string, SoakFigures> = {};
    for (const p of new Set(judged.map((s) => s.page))) {
      out[p] = figures(judged.filter((s) => s.page === p).map((s) => ({ atMs: s.atMs, v: pick(s) })));
    }
    return out;
  };
  const { log: _log, ...rest } = options;
  return {
    options: rest,
    wallSeconds: options.durationMs / 1000,
    dataHours: dataMs / 3_600_000,
    restarts,
    reconnects,
    pagesShown,
    samples,
    heap: figures(judged.map((s) => ({ atMs: s.atMs, v: s.heapUsedBytes }))),
    nodes: { ...figures(judged.map((s) => ({ atMs: s.atMs, v: s.nodes }))), byPage: byPage((s) => s.nodes) },
    listeners: {
      ...figures(judged.map((s) => ({ atMs: s.atMs, v: s.listeners }))),
      byPage: byPage((s) => s.listeners),
    },
    errors,
  };
}
