import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { statusText } from './harness.ts';
import type { ReplayFixture } from './replayFixture.ts';

export interface PageVisit {
  name: string;
  path: string;
  /** Resolves when the page shows what it is for (LIVE data, the recording open, the list). */
  ready: (p: Page) => Promise<unknown>;
}

const iso = (t: number) => `${new Date(t).toISOString().slice(0, 19)}Z`;

/** Every page of the product, with a recording open where one is needed: what the whole-product checks visit. */
export function everyPage(fx: ReplayFixture): PageVisit[] {
  const live = (p: Page) => expect.poll(() => statusText(p), { timeout: 20_000 }).toBe('LIVE');
  return [
    { name: 'fleet', path: '/', ready: live },
    { name: 'site', path: '/site/ohio', ready: live },
    {
      name: 'hall',
      path: '/site/ohio?hall=h1',
      ready: async (p) => {
        await live(p);
        await p.locator('[data-hall-detail]').waitFor();
      },
    },
    { name: 'wall', path: '/wall', ready: (p) => p.locator('.wall').first().waitFor({ timeout: 20_000 }) },
    {
      name: 'exec',
      path: '/exec',
      ready: async (p) => {
        await live(p);
        await p.locator('[data-as-of]').first().waitFor();
        // The range's history is in (not the placeholder figures shown while it loads).
        await p.locator('[data-status="ready"]').first().waitFor({ timeout: 30_000 });
      },
    },
    {
      name: 'replay',
      path: `/replay?rec=${fx.id}&t=${iso(fx.crash.t)}`,
      ready: async (p) => {
        await expect.poll(() => statusText(p), { timeout: 20_000 }).toBe('REPLAY');
        await p.locator('.player-time').waitFor();
      },
    },
    {
      name: 'replay-list',
      path: '/replay',
      ready: (p) => p.locator(`[data-recording="${fx.id}"]`).waitFor(),
    },
    { name: '404', path: '/no-such-page', ready: (p) => p.locator('h1').first().waitFor() },
  ];
}
