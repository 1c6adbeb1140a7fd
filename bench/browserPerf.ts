import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../e2e/harness.ts';
import type { TwinChart } from './uplotTwin.ts';

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
  /**
   * CPU time of the whole browser (every process: the page's renderer with its compositor and raster
   * threads, GPU, network) per update: unlike ScriptDuration, not inflated when other programs on the
   * machine take the core away mid-task.
   */
  browserCpuMsPerTick: number;
  /**
   * CPU time of the page's renderer main thread per update (script, style, layout, paint; Linux's
   * /proc, 10 ms ticks), or null where that cannot be read. The steadiest of the three figures.
   */
  mainThreadCpuMsPerTick: number | null;
  /** Trend charts on screen at the end of the window: what a uPlot twin of the page has to draw. */
  charts: TwinChart[];
  /** Lines and points over those charts. */
  series: number;
  points: number;
}

/** The page's trend charts that are on screen, with their canvas boxes, lines and points per line. */
function chartsOnScreen(): TwinChart[] {
  const out: TwinChart[] = [];
  for (const f of document.querySelectorAll<HTMLElement>('figure.trend')) {
    const el = f.querySelector('.trend-canvas');
    if (!el) continue;
    const r = el.getBoundingClientRect();
    if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) continue;
    const series = Math.max(1, f.querySelectorAll('.swatch-line').length);
    out.push({
      x: Math.round(r.left + scrollX),
      y: Math.round(r.top + scrollY),
      width: Math.round(r.width),
      height: Math.round(r.height),
      series,
      points: Math.round(Number(f.dataset.points ?? 0) / series),
      cap: f.querySelector('.swatch-dash') !== null,
    });
  }
  return out;
}

/**
 * Script cost of live updates on a page: CDP's ScriptDuration over a window after warm-up, divided by
 * the ticks that arrived, plus long tasks (> 50 ms) seen by a PerformanceObserver in the page, and the
 * browser's CPU time over the same window (SystemInfo.getProcessInfo; meaningful when the browser
 * serves only this page, as it does when measurePage launches its own).
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
    const system = await own.newBrowserCDPSession();
    const cpuSeconds = async () => {
      const { processInfo } = await system.send('SystemInfo.getProcessInfo');
      return processInfo.reduce((a, p) => a + p.cpuTime, 0);
    };
    // A renderer's main thread has the process's id (Linux); clock ticks are 1/100 s.
    const mainThreadMs = (pid: number): number | null => {
      try {
        const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return null;
      }
    };
    const renderers = async () => {
      const { processInfo } = await system.send('SystemInfo.getProcessInfo');
      return new Map(processInfo.filter((p) => p.type === 'renderer').map((p) => [p.id, mainThreadMs(p.id)]));
    };
    const main0 = await renderers();
    const cpu0 = await cpuSeconds();
    const script0 = await metric('ScriptDuration');
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const script = ((await metric('ScriptDuration')) - script0) * 1000;
    const cpu = ((await cpuSeconds()) - cpu0) * 1000;
    // The page's renderer is the one that worked.
    let main: number | null = null;
    for (const [pid, after] of await renderers()) {
      const before = main0.get(pid);
      if (after === null || before === undefined || before === null) continue;
      main = Math.max(main ?? 0, after - before);
    }
    await system.detach();
    const wall = (Date.now() - t0) / 1000;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const charts = await page.evaluate(chartsOnScreen);
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
      browserCpuMsPerTick: cpu / Math.max(1, Math.round(wall)),
      mainThreadCpuMsPerTick: main === null ? null : main / Math.max(1, Math.round(wall)),
      charts,
      series: charts.reduce((a, c) => a + c.series, 0),
      points: charts.reduce((a, c) => a + c.series * c.points, 0),
    };
  } finally {
    if (!browser) await own.close();
  }
}
