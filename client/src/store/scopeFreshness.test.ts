import { describe, expect, it } from 'vitest';
import { SITE_STALE_AFTER_MS } from './freshness.ts';
import { scopeFreshness } from './scopeFreshness.ts';

const NOW = 1_760_000_100_000;

describe('scopeFreshness', () => {
  it('is live while every site is, as of the newest sample', () => {
    const f = scopeFreshness([NOW - 1000, NOW - 400], NOW, NOW);
    expect(f).toMatchObject({ stale: false, since: NOW - 400, staleSites: 0, sites: 2 });
  });

  it('is stale since the oldest frozen sample once any site stops', () => {
    const stopped = NOW - SITE_STALE_AFTER_MS - 3000;
    const f = scopeFreshness([NOW - 500, stopped, null], NOW, NOW);
    expect(f).toMatchObject({ stale: true, since: stopped, staleSites: 1, sites: 2 });
    expect(f?.ageMs).toBe(NOW - stopped);
  });

  it('is stale when nothing arrives at all (connection down)', () => {
    const last = NOW - 20_000;
    const f = scopeFreshness([last, last], last, NOW);
    expect(f).toMatchObject({ stale: true, since: last, staleSites: 2 });
  });

  it('is null before any sample', () => {
    expect(scopeFreshness([null, null], null, NOW)).toBeNull();
    expect(scopeFreshness([], null, NOW)).toBeNull();
  });
});
