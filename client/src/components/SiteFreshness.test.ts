import { describe, expect, it } from 'vitest';
import { LIVE_FRESH_MS } from '../format/format.ts';
import { freshnessLine } from './SiteFreshness.tsx';

const live = (ageMs: number) => freshnessLine({ ageMs, stale: false, since: 0 }, false);

describe('freshnessLine', () => {
  it('says "just now" for anything within the feed’s period and jitter, so it does not flip every second', () => {
    for (const age of [0, 20, 999, 1000, 1500, LIVE_FRESH_MS - 1]) {
      expect(live(age), String(age)).toEqual({ kind: 'live', ago: 'just now' });
    }
  });

  it('counts seconds once a sample is late', () => {
    expect(live(LIVE_FRESH_MS)).toEqual({ kind: 'live', ago: '2 s ago' });
    expect(live(7400)).toEqual({ kind: 'live', ago: '7 s ago' });
  });

  it('keeps the exact age of a stopped feed and the time of a recording', () => {
    expect(freshnessLine({ ageMs: 1500, stale: true, since: 5 }, false)).toEqual({
      kind: 'stale',
      since: 5,
      ago: '1 s ago',
    });
    expect(freshnessLine({ ageMs: 10, stale: false, since: 7 }, true)).toEqual({ kind: 'replay', since: 7 });
    expect(freshnessLine(null, false)).toEqual({ kind: 'none' });
  });
});
