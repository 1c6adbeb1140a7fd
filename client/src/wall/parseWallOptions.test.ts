import { defaultFleet, parseDuration as sharedParseDuration } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../format/format.ts';

/** The wall's reading of a duration: a bare number is seconds. */
const parseDuration = (text: string) => sharedParseDuration(text, { bareNumber: 'seconds' });

import { DEFAULT_ROTATE_MS, parseWallOptions, planWall } from './parseWallOptions.ts';

describe('parseDuration', () => {
  it('reads the durations people type into a URL', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('15S')).toBe(15_000);
    expect(parseDuration('1m')).toBe(60_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('45')).toBe(45_000);
    expect(parseDuration(' 2 s ')).toBe(2000);
  });
  it('refuses anything else', () => {
    for (const bad of ['', 's', '1x', '1m garbage', 'm1', '-5s', '1e3s', 'abc'])
      expect(parseDuration(bad)).toBeUndefined();
  });
  it('formats for people', () => {
    expect(formatDuration(2000)).toBe('2 s');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(90_000)).toBe('1 min 30 s');
  });
});

describe('parseWallOptions', () => {
  it('rotates every 30 s on the dark theme by default', () => {
    expect(parseWallOptions('')).toEqual({
      rotateMs: DEFAULT_ROTATE_MS,
      page: null,
      sites: null,
      theme: 'dark',
      avgMs: 60_000,
      warnings: [],
    });
  });
  it('reads the headline mean window (avg) beside the other options', () => {
    const o = parseWallOptions('?avg=30s&rotate=15s&sites=ohio');
    expect(o).toMatchObject({ avgMs: 30_000, rotateMs: 15_000, sites: ['ohio'], warnings: [] });
    expect(parseWallOptions('avg=0').avgMs).toBe(0);
    const bad = parseWallOptions('avg=later');
    expect(bad.avgMs).toBe(60_000);
    expect(bad.warnings[0]).toMatch(/avg=later is not a duration/);
  });
  it('reads rotate, page, sites and theme', () => {
    const o = parseWallOptions('?rotate=15s&page=Ohio&sites=ohio,%20texas,ohio&theme=light');
    expect(o).toMatchObject({ rotateMs: 15_000, page: 'ohio', sites: ['ohio', 'texas'], theme: 'light' });
    expect(o.warnings).toEqual([]);
    expect(parseWallOptions('rotate=off').rotateMs).toBeNull();
    expect(parseWallOptions('theme=contrast').theme).toBe('contrast');
  });
  it('says what it did not understand and falls back to something sensible', () => {
    const o = parseWallOptions('rotate=soon&theme=pink');
    expect(o.rotateMs).toBe(DEFAULT_ROTATE_MS);
    expect(o.theme).toBe('dark');
    expect(o.warnings).toHaveLength(2);
    const fast = parseWallOptions('rotate=100ms');
    expect(fast.rotateMs).toBe(2000);
    expect(fast.warnings[0]).toMatch(/out of range/);
  });
});

describe('planWall', () => {
  const plan = (search: string) => planWall(parseWallOptions(search), defaultFleet);
  it('shows the fleet, then every site', () => {
    expect(plan('').pages).toEqual(['fleet', 'louisiana', 'ohio', 'texas', 'missouri']);
    expect(plan('').pinned).toBeNull();
  });
  it('limits the sites and pins a page', () => {
    expect(plan('sites=texas,ohio').pages).toEqual(['fleet', 'texas', 'ohio']);
    expect(plan('page=ohio').pinned).toBe(2);
    expect(plan('page=fleet').pinned).toBe(0);
    const outside = plan('sites=texas&page=ohio');
    expect(outside.pages).toEqual(['fleet', 'texas', 'ohio']);
    expect(outside.pinned).toBe(2);
  });
  it('warns about unknown sites and pages', () => {
    const p = plan('sites=atlantis,ohio&page=moon');
    expect(p.sites).toEqual(['ohio']);
    expect(p.pinned).toBeNull();
    expect(p.warnings).toHaveLength(2);
    expect(plan('sites=atlantis').sites).toHaveLength(4);
  });
});
