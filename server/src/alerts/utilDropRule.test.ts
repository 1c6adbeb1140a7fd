import {
  AlertBook,
  type AlertEvent,
  type AlertRule,
  createUtilDropRule,
  defaultFleet,
  indexFleet,
  type SiteSample,
} from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { makeSample } from '../testing/fixtures.ts';

const idx = indexFleet(defaultFleet);
const site = idx.site('ohio')!;
const T0 = Date.UTC(2026, 0, 15, 14);

const rule: Extract<AlertRule, { kind: 'utilDrop' }> = {
  id: 'drop',
  kind: 'utilDrop',
  severity: 'warning',
  enabled: true,
  level: 'site',
  dropPts: 40,
  windowS: 60,
  recoverWithinPts: 10,
  forS: 0,
};

/** Ohio with every hall (and so the site) at `util` %. */
const sample = (s: number, util: number): SiteSample => makeSample('ohio', T0 + s * 1000, { util });

/** Feeds util[s] at second s; returns "second kind" for each event. */
function run(utils: readonly number[], holdS = 0, r = rule) {
  const book = new AlertBook();
  const runner = createUtilDropRule(r, book, holdS);
  const out: string[] = [];
  const events: AlertEvent[] = [];
  utils.forEach((u, s) => {
    const before = events.length;
    runner.onSample?.(sample(s, u), site, T0, events);
    for (const e of events.slice(before)) out.push(`${s} ${e.kind}`);
  });
  return { out, events, book };
}

const repeat = (n: number, v: number) => Array.from({ length: n }, () => v);

describe('utilDrop rule', () => {
  it('raises on a drop of dropPts within the window and clears within recoverWithinPts of the level before', () => {
    const { out, events } = run([...repeat(10, 90), 60, 45, ...repeat(5, 30), 70, 79, 81]);
    expect(out).toEqual(['11 raised', '19 cleared']);
    expect(events[0]!.alert).toMatchObject({
      title: 'Ohio GPU utilization fell from 90 % to 45 %',
      value: 45,
      threshold: 40,
      unit: 'pts',
    });
  });

  it('never raises on a slow decline (the window forgets the old level)', () => {
    const slow = Array.from({ length: 600 }, (_, s) => 95 - s * 0.15); // 90 points in 10 min
    expect(run(slow).out).toEqual([]);
  });

  it('stays raised while utilization stays low; a partial recovery is no update', () => {
    const { out, events } = run([...repeat(5, 90), ...repeat(300, 5), ...repeat(60, 45), ...repeat(5, 90)]);
    expect(out).toEqual(['5 raised', '365 cleared']);
    expect(events[1]!.alert).toMatchObject({
      title: 'Ohio GPU utilization fell from 90 % to 5 %',
      value: 85,
    });
  });

  it('keeps the value at the trigger and the lowest reached; a recovery never rewrites them', () => {
    const { out, events } = run([
      ...repeat(5, 95),
      ...repeat(20, 7),
      ...repeat(20, 2),
      ...repeat(20, 27),
      ...repeat(20, 69),
      ...repeat(3, 92),
    ]);
    expect(out).toEqual(['5 raised', '25 updated', '85 cleared']);
    const texts = events.map((e) => [e.alert.title, e.alert.triggerValue, e.alert.value]);
    expect(texts).toEqual([
      ['Ohio GPU utilization fell from 95 % to 7 %', 88, 88],
      ['Ohio GPU utilization fell from 95 % to 7 %, lowest 2 %', 88, 93],
      ['Ohio GPU utilization fell from 95 % to 7 %, lowest 2 %', 88, 93],
    ]);
  });

  it('with a hold, a short dip (a checkpoint) does not raise and a long one does', () => {
    const dip = [...repeat(10, 92), ...repeat(40, 38), ...repeat(60, 92)];
    expect(run(dip, 90).out).toEqual([]);
    const crash = [...repeat(10, 92), ...repeat(200, 2), ...repeat(5, 92)];
    expect(run(crash, 90).out).toEqual(['100 raised', '210 cleared']);
    expect(run(crash, 90).events[0]!.alert.title).toBe('Ohio GPU utilization fell from 92 % to 2 %');
  });

  it('hall level: one alert per hall, named by the hall', () => {
    const hallRule = { ...rule, level: 'hall' as const };
    const book = new AlertBook();
    const runner = createUtilDropRule(hallRule, book);
    const events: AlertEvent[] = [];
    const at = (s: number, h1: number, h2: number): SiteSample => {
      const x = makeSample('ohio', T0 + s * 1000, { util: 90 });
      const utils: Record<string, number> = { h1, h2 };
      return { ...x, halls: x.halls.map((h) => ({ ...h, gpuUtilPct: utils[h.hall] ?? h.gpuUtilPct })) };
    };
    runner.onSample?.(at(0, 90, 90), site, T0, events);
    runner.onSample?.(at(1, 10, 88), site, T0, events);
    expect(events.map((e) => [e.kind, e.alert.scope, e.alert.title])).toEqual([
      ['raised', { site: 'ohio', hall: 'h1' }, 'Ohio Hall 1 GPU utilization fell from 90 % to 10 %'],
    ]);
  });
});
