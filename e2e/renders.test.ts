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
}

// Skipped only off CI when Chromium is missing (describeInBrowser); under CI=true it throws instead.
describeInBrowser('React work per live update', () => {
  const suite = browserSuite();

  async function count(route: string, seconds: number): Promise<Counted> {
    const { page, context, errors } = await openPage(suite.browser, { width: 1920, height: 1080 });
    await page.addInitScript({ content: HOOK });
    await page.goto(`${suite.server.url}${route}`);
    await page.getByRole('status').filter({ hasText: 'LIVE' }).first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(3000); // history filled, first renders done
    await page.evaluate(() => {
      (window as unknown as { __countRenders: boolean }).__countRenders = true;
    });
    await page.waitForTimeout(seconds * 1000);
    const commits = await page.evaluate(
      () => (window as unknown as { __renderCommits: number[] }).__renderCommits,
    );
    expect(errors).toEqual([]);
    await context.close();
    return { seconds, commits };
  }

  // What a tick must re-render is its figures (~70 components on /); the page around them, their panels
  // and the charts (drawn from store subscriptions) must not: a panel re-rendered per tick adds dozens,
  // a page hundreds. The clock re-renders only what shows a changed age ("just now" stays put).
  it('/ renders one commit per tick, of its figures only', async () => {
    const c = await count('/', 6);
    expect(c.commits.length, `${c.commits.length} commits in ${c.seconds} s`).toBeLessThanOrEqual(
      c.seconds + 2,
    );
    expect(c.commits.length).toBeGreaterThanOrEqual(c.seconds - 2);
    expect(Math.max(...c.commits), c.commits.join(',')).toBeLessThan(110);
  });

  it('/wall renders its figures per tick and only its clock in between', async () => {
    const c = await count('/wall?rotate=off', 6);
    const big = c.commits.filter((n) => n > 3);
    // One tick commit a second (the clock's own commit holds one component).
    expect(big.length, c.commits.join(',')).toBeLessThanOrEqual(c.seconds + 2);
    expect(Math.max(...c.commits), c.commits.join(',')).toBeLessThan(80);
  });
});
