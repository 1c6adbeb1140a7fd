import type { Page } from 'playwright-core';

export interface LayoutReport {
  scrollWidth: number;
  scrollHeight: number;
  cursor: string;
  /** Interactive elements inside the wall (a kiosk has none). */
  controls: string[];
  /** Boxes that leave the viewport. */
  outside: string[];
  /** Sibling boxes that overlap. */
  overlaps: string[];
  /** Text boxes whose content is wider or taller than the box (clipped or ellipsised). */
  clipped: string[];
  /** Font size in px of the page's hero numeral, power as % of cap (for the 1080p vs 4K comparison). */
  heroPx: number;
  /** Font size in px of the smallest "% of cap" on the page (site tiles on the fleet page). */
  capPctMinPx: number;
  /** Font size in px of the smallest figure label (GPU UTIL, RENTED, PUE…). */
  labelMinPx: number;
  /** Font size in px of the smallest headline value (utilization, rented share…). */
  kpiMinPx: number;
  /** Text smaller than the wall's base size (16 px at 1080p), outside the charts' canvases. */
  smallText: string[];
}

/** Measures a /wall page the way a designer checks a TV layout: fits, no overlaps, nothing clipped. */
export async function wallLayout(page: Page): Promise<LayoutReport> {
  return page.evaluate(() => {
    const W = window.innerWidth;
    const H = window.innerHeight;
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}.${Array.from(e.classList).join('.')}${e.getAttribute('aria-label') ? `[${e.getAttribute('aria-label')}]` : ''}`;
    const boxes = (sel: string) =>
      Array.from(document.querySelectorAll(sel)).map((e) => ({ e, r: e.getBoundingClientRect() }));
    const outside = boxes(
      '.wall-header, .wall-alerts, .wall-body, .wall-tile, .wall-fleet-head, .wall-site-main, .wall-halls, .wall-hall, .trend',
    )
      .filter(
        ({ r }) => r.width > 0 && (r.left < -0.5 || r.top < -0.5 || r.right > W + 0.5 || r.bottom > H + 0.5),
      )
      .map(
        ({ e, r }) =>
          `${name(e)} ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`,
      );
    // Panels whose content spills past their own border (a figure hanging out of its box).
    for (const e of document.querySelectorAll('.wall-tile, .wall-fleet-head, .wall-site-main, .wall-halls')) {
      const h = e as HTMLElement;
      if (h.scrollHeight > h.clientHeight + 1 || h.scrollWidth > h.clientWidth + 1)
        outside.push(
          `${name(e)} spills: content ${h.scrollWidth}×${h.scrollHeight} in ${h.clientWidth}×${h.clientHeight}`,
        );
    }
    const overlaps: string[] = [];
    const groups = [
      '.wall > *',
      '.wall-site-grid > *',
      '.wall-fleet-head > *',
      '.wall-site-main > *',
      '.wall-hall-grid > *',
      '.wall-tile-body > *',
      '.wall-tile > *',
      '.wall-site-figures-body > *',
      '.wall-fleet-kpis > *',
      '.wall-site-kpis > *',
      '.wall-header > *',
      '.wall-alerts-list > *',
    ];
    for (const g of groups) {
      for (const parent of new Set(Array.from(document.querySelectorAll(g), (e) => e.parentElement))) {
        if (!parent) continue;
        const kids = Array.from(parent.children)
          .map((e) => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && r.height > 0);
        for (let i = 0; i < kids.length; i++) {
          for (let j = i + 1; j < kids.length; j++) {
            const a = kids[i]!.r;
            const b = kids[j]!.r;
            const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (ox > 1 && oy > 1) overlaps.push(`${name(kids[i]!.e)} × ${name(kids[j]!.e)}`);
          }
        }
      }
    }
    const clipped = Array.from(
      document.querySelectorAll(
        '.wall-title, .wall-subtitle, .wall-kpi-value, .wall-cap-line, .wall-power-line, .wall-tile-title, .wall-tile-sub, .wall-alert-title, .wall-alert-ack, .wall-hall-figures, .wall-hall-model, .wall-hall-foot, .wall-kpi-label, .trend-caption, .freshness',
      ),
    )
      .filter((e) => {
        // Block boxes only (an inline box has no client size); ascenders of big numerals may overhang
        // their line box by design, so only width counts: that is where text gets cut or ellipsised.
        const h = e as HTMLElement;
        return getComputedStyle(h).display !== 'inline' && h.scrollWidth > h.clientWidth + 1;
      })
      .map((e) => `${name(e)} "${(e.textContent ?? '').slice(0, 60)}"`);
    const controls = Array.from(
      document.querySelectorAll(
        '.wall a, .wall button, .wall input, .wall select, .wall textarea, .wall [tabindex]',
      ),
      name,
    );
    const hero = document.querySelector('.wall-power-hero .wall-cap-pct, .wall-cap-pct');
    const px = (e: Element) => Number.parseFloat(getComputedStyle(e).fontSize);
    const minPx = (sel: string) => {
      const sizes = Array.from(document.querySelectorAll(sel), px);
      return sizes.length > 0 ? Math.min(...sizes) : 0;
    };
    const wall = document.querySelector('.wall');
    const base = wall ? px(wall) : 16;
    const smallText: string[] = [];
    if (wall) {
      const walker = document.createTreeWalker(wall, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || !(n.textContent ?? '').trim() || el.closest('.trend-canvas, .visually-hidden')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (px(el) < base - 0.5)
          smallText.push(`${name(el)} ${px(el).toFixed(1)}px "${n.textContent?.trim().slice(0, 30)}"`);
      }
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      cursor: getComputedStyle(document.querySelector('.wall') ?? document.body).cursor,
      controls,
      outside,
      overlaps,
      clipped,
      heroPx: hero ? px(hero) : 0,
      capPctMinPx: minPx('.wall-cap-pct'),
      labelMinPx: minPx('.wall-kpi-label'),
      kpiMinPx: minPx('.wall-kpi-value'),
      smallText: [...new Set(smallText)],
    };
  });
}
