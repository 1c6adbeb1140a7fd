import { parseInstant } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAYBACK_SPEEDS } from '../sources/PlaybackController.ts';
import {
  carryReplayParams,
  clampToRecording,
  formatReplayParams,
  formatTime,
  hrefWithReplay,
  parseReplayParams,
  type ReplayUrlState,
  withReplayParams,
} from './replayUrl.ts';

const T = Date.UTC(2026, 10, 23, 14, 5, 9);

describe('parseInstant (shared) / formatTime', () => {
  it('reads RFC 3339 with a zone and ms since epoch', () => {
    expect(parseInstant('2026-11-23T14:05:09Z')).toBe(T);
    expect(parseInstant('2026-11-23T15:05:09+01:00')).toBe(T);
    expect(parseInstant('2026-11-23t14:05:09z')).toBe(T);
    expect(parseInstant(String(T))).toBe(T);
    expect(formatTime(T)).toBe('2026-11-23T14:05:09Z');
    expect(formatTime(T + 999)).toBe('2026-11-23T14:05:09Z');
  });

  it('reads a time without seconds, as the other edges always did', () => {
    expect(parseInstant('2026-11-23T14:05Z')).toBe(T - 9000);
  });

  it('refuses what is not an RFC 3339 time with a zone, or an impossible date', () => {
    for (const bad of [
      '',
      'now',
      '2026-11-23',
      '2026-11-23T14:05:09',
      '2026-02-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-23T24:00:00Z',
      '1e12',
    ])
      expect(parseInstant(bad), bad).toBeUndefined();
  });
});

describe('parseReplayParams', () => {
  it('is live without rec', () => {
    expect(parseReplayParams('?hall=h1')).toEqual({ state: null, notices: [] });
  });

  it('reads rec, t, speed and loop', () => {
    const r = parseReplayParams(
      '?rec=cap-20261123T140000Z-1a2b3c4d&t=2026-11-23T14:05:09Z&speed=10&loop=2026-11-23T14:00:00Z/2026-11-23T14:10:00Z',
    );
    expect(r.notices).toEqual([]);
    expect(r.state).toEqual({
      rec: 'cap-20261123T140000Z-1a2b3c4d',
      t: T,
      speed: 10,
      loop: { from: Date.UTC(2026, 10, 23, 14), to: Date.UTC(2026, 10, 23, 14, 10) },
    });
  });

  it('ignores bad values with a notice and never throws', () => {
    const r = parseReplayParams('?rec=x1&t=yesterday&speed=fast&loop=a/b');
    expect(r.state).toEqual({ rec: 'x1', speed: undefined, loop: undefined });
    expect(r.notices).toHaveLength(3);
    expect(r.notices[0]).toMatch(/t=yesterday/);
    expect(parseReplayParams('?rec=../etc/passwd')).toMatchObject({ state: null });
    expect(parseReplayParams('?rec=x&speed=1000').state?.speed).toBe(100);
    expect(parseReplayParams('?rec=x&loop=2026-11-23T14:10:00Z/2026-11-23T14:00:00Z').state?.loop).toBe(
      undefined,
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseReplayParams(s);
        parseReplayParams(`?rec=a&t=${encodeURIComponent(s)}&speed=${encodeURIComponent(s)}&loop=${s}`);
      }),
    );
  });
});

const MIN_T = Date.UTC(1971, 0, 1);
const MAX_T = Date.UTC(2199, 11, 31);
const second = fc.integer({ min: MIN_T / 1000, max: MAX_T / 1000 }).map((s) => s * 1000);
const stateArb: fc.Arbitrary<ReplayUrlState> = fc.record(
  {
    rec: fc.oneof(
      fc.constant('local'),
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/),
      fc
        .tuple(fc.constantFrom('seg', 'cap'), second, fc.stringMatching(/^[0-9a-f]{8}$/))
        .map(([k, t, h]) => `${k}-${formatTime(t).replace(/[-:]/g, '')}-${h}`),
    ),
    t: second,
    speed: fc.oneof(fc.constantFrom(...PLAYBACK_SPEEDS), fc.double({ min: 0.25, max: 100, noNaN: true })),
    loop: fc
      .tuple(second, second)
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) })),
  },
  { requiredKeys: ['rec'] },
);
// The query keys other views use; the replay ones must never disturb them.
const otherArb = fc.array(
  fc.tuple(fc.constantFrom('hall', 'color', 'range', 'sites', 'page', 'q'), fc.string({ maxLength: 12 })),
  { maxLength: 4 },
);

describe('round trip', () => {
  it('parse(format(state)) is the state, and other parameters are kept as they were', () => {
    fc.assert(
      fc.property(stateArb, otherArb, (state, others) => {
        const base = new URLSearchParams(others).toString();
        const search = withReplayParams(base ? `?${base}` : '', state);
        const back = parseReplayParams(search);
        expect(back.notices).toEqual([]);
        const expected: ReplayUrlState = { rec: state.rec };
        if (state.t !== undefined) expected.t = state.t;
        if (state.speed !== undefined && state.speed !== 1) expected.speed = state.speed;
        if (state.loop !== undefined) expected.loop = state.loop;
        expect(back.state).toEqual(expected);
        const q = new URLSearchParams(search);
        expect(q.getAll('hall')).toEqual(new URLSearchParams(base).getAll('hall'));
        expect([...q.keys()].filter((k) => !['rec', 't', 'speed', 'loop'].includes(k))).toEqual([
          ...new URLSearchParams(base).keys(),
        ]);
        // Dropping the replay parameters gives back the original query.
        expect(withReplayParams(search, null)).toBe(base ? `?${base}` : '');
      }),
    );
  });

  it('writes times readably: t=2026-11-23T14:05:09Z', () => {
    expect(formatReplayParams({ rec: 'cap-1', t: T, speed: 10 })).toBe(
      'rec=cap-1&t=2026-11-23T14:05:09Z&speed=10',
    );
    expect(
      formatReplayParams({ rec: 'cap-1', loop: { from: T, to: T + 60_000 } }).endsWith(
        'loop=2026-11-23T14:05:09Z/2026-11-23T14:06:09Z',
      ),
    ).toBe(true);
  });
});

describe('hrefs', () => {
  it('carries the current replay parameters to a link without its own', () => {
    const cur = '?rec=cap-1&t=2026-11-23T14:05:09Z&speed=10';
    expect(carryReplayParams('/site/ohio?hall=h1', cur)).toBe(
      '/site/ohio?hall=h1&rec=cap-1&t=2026-11-23T14:05:09Z&speed=10',
    );
    expect(carryReplayParams('/', cur)).toBe('/?rec=cap-1&t=2026-11-23T14:05:09Z&speed=10');
    expect(carryReplayParams('/replay?rec=cap-2', cur)).toBe('/replay?rec=cap-2');
    expect(carryReplayParams('/site/ohio', '?hall=h1')).toBe('/site/ohio');
  });

  it('drops replay parameters for back to live, keeping the rest', () => {
    expect(hrefWithReplay('/site/ohio?hall=h1&rec=cap-1&t=2026-11-23T14:05:09Z#x', null)).toBe(
      '/site/ohio?hall=h1#x',
    );
    expect(hrefWithReplay('/exec?rec=cap-1', null)).toBe('/exec');
  });
});

describe('clampToRecording', () => {
  const span = { start: T, end: T + 3600_000 };
  it('keeps what fits and clamps what does not, saying so', () => {
    expect(clampToRecording({ t: T + 5000 }, span)).toEqual({ t: T + 5000, loop: undefined, notices: [] });
    const before = clampToRecording({ t: T - 5000 }, span);
    expect(before.t).toBe(T);
    expect(before.notices[0]).toMatch(/outside/);
    expect(clampToRecording({ t: T + 9e9 }, span).t).toBe(span.end);
    expect(clampToRecording({ loop: { from: T - 10, to: T + 10_000 } }, span).loop).toEqual({
      from: T,
      to: T + 10_000,
    });
    expect(clampToRecording({ loop: { from: T - 20_000, to: T - 10_000 } }, span).loop).toBeUndefined();
  });
});
