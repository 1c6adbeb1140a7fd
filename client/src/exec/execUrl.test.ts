import { parseInstant } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  durationLabel,
  type ExecUrlState,
  FIGURE_IDS,
  formatExecUrl,
  formatInstant,
  parseExecUrl,
  RANGE_PRESETS,
  resolveRange,
} from './execUrl.ts';

const SITES = ['louisiana', 'ohio', 'texas', 'missouri'];

describe('parseExecUrl', () => {
  it('defaults to the last 24 h of every site and figure', () => {
    expect(parseExecUrl('')).toEqual({
      state: { range: { kind: 'preset', preset: '24h' }, sites: null, figures: null },
      problems: [],
    });
  });

  it('reads presets, sites (in fleet order) and figures', () => {
    const { state, problems } = parseExecUrl('?range=7d&sites=texas,ohio&figures=util,revenue', SITES);
    expect(problems).toEqual([]);
    expect(state).toEqual({
      range: { kind: 'preset', preset: '7d' },
      sites: ['ohio', 'texas'],
      figures: ['revenue', 'util'],
    });
  });

  it('reads a custom window in RFC 3339 or ms', () => {
    const a = parseExecUrl('from=2026-11-20T00:00:00Z&to=2026-11-21T12:00:00%2B01:00');
    expect(a.state.range).toEqual({
      kind: 'custom',
      from: Date.parse('2026-11-20T00:00:00Z'),
      to: Date.parse('2026-11-21T11:00:00Z'),
    });
    expect(parseExecUrl('from=1000000&to=2000000').state.range).toEqual({
      kind: 'custom',
      from: 1_000_000,
      to: 2_000_000,
    });
  });

  it('explains what it ignored instead of failing', () => {
    const cases: [string, RegExp][] = [
      ['range=5y', /unknown range "5y"/],
      ['from=yesterday&to=2026-11-21T00:00:00Z', /RFC 3339/],
      ['from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z', /at least a minute/],
      ['from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z', /31 days/],
      ['sites=ohio,atlantis', /unknown site atlantis ignored/],
      ['figures=util,vibes', /unknown figure vibes ignored/],
    ];
    for (const [q, re] of cases) {
      const p = parseExecUrl(q, SITES);
      expect(p.problems.join('; '), q).toMatch(re);
    }
    expect(parseExecUrl('range=5y').state.range).toEqual({ kind: 'preset', preset: '24h' });
    expect(parseExecUrl('sites=atlantis', SITES).state.sites).toBeNull();
    expect(parseExecUrl('sites=louisiana,ohio,texas,missouri', SITES).state.sites).toBeNull();
  });

  it('round-trips every state through its canonical URL', () => {
    const rangeArb = fc.oneof(
      fc.constantFrom(...RANGE_PRESETS).map((preset) => ({ kind: 'preset' as const, preset })),
      fc
        .tuple(fc.integer({ min: 1.6e12, max: 2e12 }), fc.integer({ min: 60, max: 31 * 86_400 }))
        .map(([from, span]) => ({
          kind: 'custom' as const,
          from: from - (from % 1000),
          to: from - (from % 1000) + span * 1000,
        })),
    );
    const subset = <T>(xs: readonly T[]) =>
      fc.subarray([...xs], { minLength: 1 }).map((s) => (s.length === xs.length ? null : s));
    fc.assert(
      fc.property(rangeArb, subset(SITES), subset(FIGURE_IDS), (range, sites, figures) => {
        const state: ExecUrlState = { range, sites, figures };
        const url = formatExecUrl(state);
        expect(url.startsWith('/exec?')).toBe(true);
        const back = parseExecUrl(url.slice(url.indexOf('?')), SITES);
        expect(back.problems).toEqual([]);
        expect(back.state).toEqual(state);
      }),
    );
  });

  it('writes readable links', () => {
    expect(
      formatExecUrl({ range: { kind: 'preset', preset: '24h' }, sites: ['ohio', 'texas'], figures: null }),
    ).toBe('/exec?range=24h&sites=ohio,texas');
    expect(
      formatExecUrl({
        range: {
          kind: 'custom',
          from: Date.parse('2026-11-20T00:00:00Z'),
          to: Date.parse('2026-11-21T00:00:00Z'),
        },
        sites: null,
        figures: null,
      }),
    ).toBe('/exec?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z');
  });
});

describe('instants and ranges', () => {
  it('parses what it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), (t) => {
        expect(parseInstant(formatInstant(t))).toBe(t);
      }),
    );
    expect(parseInstant('2026-11-20')).toBeUndefined();
    expect(parseInstant('NaN')).toBeUndefined();
  });

  it('resolves presets against the server clock, custom windows as given', () => {
    expect(resolveRange({ kind: 'preset', preset: '1h' }, 10_000_000)).toEqual({
      from: 6_400_000,
      to: 10_000_000,
      live: true,
    });
    expect(resolveRange({ kind: 'custom', from: 1, to: 2 }, 99)).toEqual({ from: 1, to: 2, live: false });
  });

  it('labels durations', () => {
    expect(durationLabel(90 * 60_000)).toBe('90 min');
    expect(durationLabel(36 * 3_600_000)).toBe('36 h');
    expect(durationLabel(7 * 86_400_000)).toBe('7 d');
    expect(durationLabel(3.5 * 86_400_000)).toBe('3.5 d');
  });
});

describe('avg (headline mean window)', () => {
  it('is kept through a change of range, sites or figures', () => {
    const { state } = parseExecUrl('?range=7d&avg=5m');
    expect(state.avg).toBe('5m');
    const next = formatExecUrl({ ...state, range: { kind: 'preset', preset: '24h' } });
    expect(next).toBe('/exec?range=24h&avg=5m');
    expect(parseExecUrl(next.slice('/exec'.length)).state.avg).toBe('5m');
  });

  it('is left out when not given', () => {
    const { state } = parseExecUrl('?range=7d');
    expect(state.avg).toBeUndefined();
    expect(formatExecUrl(state)).toBe('/exec?range=7d');
  });
});
