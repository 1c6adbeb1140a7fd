import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../e2e/harness.ts';

export interface BrowserPerf {
  route: string;
  viewport: string;
  seconds: number;
  ticks: number;
  scriptMsPerSecond: number;
  scriptMsPerTick: number;
  longTasks: number;
  longestTaskMs: number;
  heapMb: number;
  nodes: number;
}

/**
 * Script cost of live updates on a page: CDP's ScriptDuration over a window after warm-up, divided by
 * the ticks that arrived, plus long tasks (> 50 ms) seen by a PerformanceObserver in the page.
 */
export async function measurePage(
  url: string,
  route: string,
  viewport: { width: number; height: number },
  seconds: number,
  browser?: Browser,
): Promise<BrowserPerf> {
  const own = browser ?? (await launchBrowser());
  try {
    const { page, context } = await openPage(own, viewport);
    await page.goto(`${url}${route}`);
    await page.getByRole('status').filter({ hasText: 'LIVE' }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(5000); // warm-up: history fill, first layout, JIT
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async (name: string) => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === name)?.value ?? 0;
    };
    const script0 = await metric('ScriptDuration');
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const script = ((await metric('ScriptDuration')) - script0) * 1000;
    const wall = (Date.now() - t0) / 1000;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await metric('JSHeapUsedSize');
    const nodes = await metric('Nodes');
    await context.close();
    return {
      route,
      viewport: `${viewport.width}×${viewport.height}`,
      seconds: wall,
      ticks: Math.round(wall),
      scriptMsPerSecond: script / wall,
      scriptMsPerTick: script / Math.max(1, Math.round(wall)),
      longTasks: longTasks.length,
      longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
      heapMb: heap / 2 ** 20,
      nodes,
    };
  } finally {
    if (!browser) await own.close();
  }
}
