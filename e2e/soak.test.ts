import { expect, it } from 'vitest';
import { describeInBrowser } from './browserSuite.ts';
import { runWallSoak } from './wallSoak.ts';

/**
 * The short soak (the long one is `bench/soak.ts`): /wall rotating every 2 s against a server running
 * 120× fast, killed and restarted three times. After warm-up, the JS heap, DOM nodes, event listeners
 * and store subscriptions must stay flat.
 */
// Skipped only off CI when Chromium is missing (describeInBrowser); under CI=true it throws instead.
describeInBrowser('/wall soak (short)', () => {
  it('keeps heap, DOM and listeners flat through rotation and restarts', { timeout: 200_000 }, async () => {
    const r = await runWallSoak({ clockRate: 120, durationMs: 55_000, restarts: 3, warmupMs: 15_000 });
    const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
    console.log(
      `soak: ${r.wallSeconds} s wall, ${r.dataHours.toFixed(2)} h of data, ${r.pagesShown} pages, ` +
        `${r.reconnects}/${r.restarts} reconnects; heap ${mb(r.heap.firstThirdMedian)} → ${mb(r.heap.lastThirdMedian)} ` +
        `(×${r.heap.ratio.toFixed(2)}), nodes ${r.nodes.firstThirdMedian} → ${r.nodes.lastThirdMedian}, ` +
        `listeners ${r.listeners.firstThirdMedian} → ${r.listeners.lastThirdMedian}`,
    );
    expect(r.errors).toEqual([]);
    expect(r.restarts).toBe(3);
    expect(r.reconnects).toBe(3);
    // Throughput depends on how busy the machine is; the point is that data flowed through restarts.
    expect(r.dataHours).toBeGreaterThan(0.25);
    expect(r.pagesShown).toBeGreaterThanOrEqual(8);
    // Flat: the last third of the run holds what the first third held (after warm-up). Pages differ in
    // size, so DOM nodes and listeners are compared page by page.
    expect(r.heap.ratio).toBeLessThan(1.3);
    for (const [page, f] of Object.entries(r.nodes.byPage)) {
      // A page's size varies only with the alert rows shown (a few dozen nodes), never with time.
      expect(f.lastThirdMedian - f.firstThirdMedian, `nodes on ${page}`).toBeLessThan(80);
    }
    for (const [page, f] of Object.entries(r.listeners.byPage)) {
      expect(f.lastThirdMedian - f.firstThirdMedian, `listeners on ${page}`).toBeLessThanOrEqual(8);
    }
    // Store subscriptions are a pure function of the page shown: rotation leaves none behind.
    const judged = r.samples.filter((s) => s.atMs >= 15_000);
    for (const page of new Set(judged.map((s) => s.page))) {
      const subs = new Set(judged.filter((s) => s.page === page).map((s) => s.subscribers));
      expect([...subs], page).toHaveLength(1);
    }
  });
});
