import './debugWindow.ts';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface SeriesCheck {
  id: string;
  points: number;
  first: number;
  last: number;
  /** Largest step between consecutive points (ms). */
  maxStep: number;
  /** Where that step starts. */
  maxStepAt: number;
  /** Consecutive points with equal or decreasing times. */
  duplicates: number;
}

/** Waits until every chart on the page (there is one at least) says it draws `min` points or more. */
export async function chartsFilled(page: Page, min: number): Promise<void> {
  await expect
    .poll(
      () =>
        page
          .locator('[data-chart]')
          .evaluateAll((els) =>
            els.length === 0 ? 0 : Math.min(...els.map((e) => Number(e.getAttribute('data-points') ?? 0))),
          ),
      { timeout: 15_000 },
    )
    .toBeGreaterThanOrEqual(min);
}

/** Reads the buffers behind the page's charts through `window.__gigawatt` and checks their times. */
export async function chartSeries(page: Page): Promise<SeriesCheck[]> {
  return page.evaluate(() => {
    const g = window.__gigawatt;
    if (!g) throw new Error('window.__gigawatt is missing');
    const ids = Array.from(document.querySelectorAll('[data-chart]')).map(
      (e) => e.getAttribute('data-chart') ?? '',
    );
    return [...new Set(ids)].map((id) => {
      const t = g.seriesTimes(id);
      let maxStep = 0;
      let maxStepAt = Number.NaN;
      let duplicates = 0;
      for (let i = 1; i < t.length; i++) {
        const d = t[i]! - t[i - 1]!;
        if (d <= 0) duplicates++;
        if (d > maxStep) {
          maxStep = d;
          maxStepAt = t[i - 1]!;
        }
      }
      return {
        id,
        points: t.length,
        first: t[0] ?? Number.NaN,
        last: t[t.length - 1] ?? Number.NaN,
        maxStep,
        maxStepAt,
        duplicates,
      };
    });
  });
}

export interface DrawnLines {
  chart: string;
  /** Share of the lines canvas's pixel columns (inside its plot) holding a drawn pixel. */
  columnsCovered: number;
  /** Rows of the canvas with drawn pixels: a flat or missing line paints one or none. */
  rows: number;
}

/**
 * What each on-screen trend chart's lines canvas actually holds: its pixels read back, so a chart whose
 * buffers are full but whose lines are not painted (or painted off the plot) is caught.
 */
export async function drawnLines(page: Page): Promise<DrawnLines[]> {
  return page.locator('figure.trend').evaluateAll((figs) =>
    figs.flatMap((f) => {
      const cv = f.querySelector<HTMLCanvasElement>('canvas.trend-lines');
      const r = cv?.getBoundingClientRect();
      if (!cv || !r || r.bottom <= 0 || r.top >= innerHeight || cv.width === 0) return [];
      const ctx = cv.getContext('2d');
      if (!ctx) return [];
      const { data, width, height } = ctx.getImageData(0, 0, cv.width, cv.height);
      const cols = new Uint8Array(width);
      const rows = new Uint8Array(height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if (data[(y * width + x) * 4 + 3]! > 0) {
            cols[x] = 1;
            rows[y] = 1;
          }
        }
      }
      return [
        {
          chart: f.getAttribute('data-chart') ?? '',
          columnsCovered: cols.reduce((a, c) => a + c, 0) / width,
          rows: rows.reduce((a, c) => a + c, 0),
        },
      ];
    }),
  );
}
