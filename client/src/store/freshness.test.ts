import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SITE_STALE_AFTER_MS, serverTimeAt, siteFreshness } from './freshness.ts';

const T = 1_760_000_000_000;

describe('siteFreshness', () => {
  it('is fresh while samples keep up with the ticks and the clock', () => {
    expect(siteFreshness(T, T, T + 1200)).toEqual({ ageMs: 1200, stale: false, since: T });
  });
  it('goes stale when the server keeps ticking but this feed stopped', () => {
    expect(siteFreshness(T, T + SITE_STALE_AFTER_MS, T + SITE_STALE_AFTER_MS + 300).stale).toBe(true);
    expect(siteFreshness(T, T + 4000, T + 4300).stale).toBe(false);
  });
  it('goes stale when nothing arrives at all', () => {
    expect(siteFreshness(T, T, T + 6000).stale).toBe(true);
  });
  it('does not let wall-clock jitter at a fast server clock grey a live feed out', () => {
    // 60×: 80 ms of network delay is ~5 server seconds.
    expect(siteFreshness(T, T, T + 5000, 60).stale).toBe(false);
    expect(siteFreshness(T, T, T + 130_000, 60).stale).toBe(true);
  });
  it('never reports a negative age', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        (d, rate) => {
          const f = siteFreshness(T, T, T + d, rate);
          return f.ageMs >= 0 && (d < SITE_STALE_AFTER_MS ? !f.stale : true);
        },
      ),
    );
  });
});

describe('serverTimeAt', () => {
  it('advances by the clock rate from the hello', () => {
    const sync = { serverTime: T, receivedAt: 1000, rate: 60 };
    expect(serverTimeAt(sync, 1000)).toBe(T);
    expect(serverTimeAt(sync, 2000)).toBe(T + 60_000);
    expect(serverTimeAt(null, 5)).toBe(5);
  });
});
