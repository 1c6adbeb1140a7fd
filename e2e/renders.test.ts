import { expect, it } from 'vitest';
import { browserSuite, describeInBrowser } from './browserSuite.ts';
import { openPage } from './harness.ts';

/**
 * Counts React's work per commit through the hook React DevTools uses (production builds call it too):
 * for each commit, the function components that rendered in it. A fiber rendered when it performed
 * work (flag 1) in a subtree React reconciled (its child list changed); bailed-out subtrees are skipped,
 * as DevTools skips them. Installed before the app loads; counting starts when `__countRenders` is set.
 */
const HOOK = `(() => {
  const commits = [];
  window.__renderCommits = commits;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, renderers: new Map(), inject() { return 1; },
    onScheduleFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {}, checkDCE() {},
    onCommitFiberRoot(_id, root) {
      if (!window.__countRenders) return;
      let rendered = 0;
      const walk = (f) => {
        for (let c = f; c; c = c.sibling) {
          if (typeof c.type !== 'string' && c.alternate !== null && (c.flags & 1) !== 0) rendered++;
          if (c.child && (!c.alternate || c.child !== c.alternate.child)) walk(c.child);
        }
      };
      walk(root.current.child);
      commits.push(rendered);
    },
  };
})()`;

interface Counted {
  seconds: number;
  /** Components rendered in each commit of the window. */
  commits: number[];
  /** Figures (`[data-metric]` with a value) whose value changed over the window, of those shown. */
  changed: number;
  figures: number;
}

/** Every figure on the page by position, with its value. */
const FIGURES = () =>
  [...document.querySelectorAll<HTMLElement>('main [data-metric][data-value]')].map((el) => el.dataset.value);

// Skipped only off CI when Chromium is missing (describeInBrowser); under CI=true it throws instead.
describeInBrowser('React work per live update', () => {
  const suite = browserSuite();

  async function count(route: string, seconds: number): Promise<Counted> {
    const { page, context, errors } = await openPage(suite.browser, { width: 1920, height: 1080 });
    await page.addInitScript({ content: HOOK });
    await page.goto(`${suite.server.url}${route}`);
    await page.getByRole('status').filter({ hasText: 'LIVE' }).first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(3000); // history filled, first renders done
    const before = await page.evaluate(FIGURES);
    await page.evaluate(() => {
      (window as unknown as { __countRenders: boolean }).__countRenders = true;
    });
    await page.waitForTimeout(seconds * 1000);
    const commits = await page.evaluate(
      () => (window as unknown as { __renderCommits: number[] }).__renderCommits,
    );
    const after = await page.evaluate(FIGURES);
    expect(errors).toEqual([]);
    expect(after.length, 'the same figures on the page').toBe(before.length);
    await context.close();
    const changed = after.filter((v, i) => v !== before[i]).length;
    return { seconds, commits, changed, figures: after.length };
  }

  // A tick's figures are written into the page by the figures themselves (useLiveDom), so a tick costs
  // React nothing: no page, panel or figure re-renders for it. What may render is what changed words (a
  // freshness line once a feed is late, the wall's clock) or shape (a coolant band crossed). The figures
  // must still follow the ticks: a page that stopped updating would pass the first check alone.
  it('/ follows the ticks with its figures and renders nothing for them', async () => {
    const c = await count('/', 6);
    expect(c.changed, `${c.changed} of ${c.figures} figures changed`).toBeGreaterThanOrEqual(10);
    const rendered = c.commits.reduce((a, b) => a + b, 0);
    expect(rendered, c.commits.join(',')).toBeLessThanOrEqual(10);
  });

  it('/wall renders only its clock while its figures follow the ticks', async () => {
    const c = await count('/wall?rotate=off', 6);
    expect(c.changed, `${c.changed} of ${c.figures} figures changed`).toBeGreaterThanOrEqual(10);
    // The clock's own commit holds one component, once a second.
    expect(Math.max(0, ...c.commits), c.commits.join(',')).toBeLessThanOrEqual(1);
    expect(c.commits.length).toBeLessThanOrEqual(c.seconds + 2);
  });

  it('/site/ohio follows the ticks in its hall table without rendering it', async () => {
    const c = await count('/site/ohio', 6);
    expect(c.changed, `${c.changed} of ${c.figures} figures changed`).toBeGreaterThanOrEqual(20);
    // The selected hall's coolant figures re-render with their readings (one small component a tick).
    expect(Math.max(0, ...c.commits), c.commits.join(',')).toBeLessThanOrEqual(3);
  });
});
