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
  /** Height in px of the biggest numeral on the page (for the 1080p vs 4K comparison). */
  heroPx: number;
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
        '.wall-title, .wall-subtitle, .wall-kpi-value, .wall-power-line, .wall-headroom, .wall-tile-title, .wall-tile-sub, .wall-alert-title, .wall-alert-ack, .wall-hall-figures, .wall-hall-model, .wall-hall-foot, .wall-kpi-label, .trend-caption, .freshness',
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
    const hero = document.querySelector('.wall-power-hero .wall-power-value, .wall-power-value');
    return {
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      cursor: getComputedStyle(document.querySelector('.wall') ?? document.body).cursor,
      controls,
      outside,
      overlaps,
      clipped,
      heroPx: hero ? Number.parseFloat(getComputedStyle(hero).fontSize) : 0,
    };
  });
}
