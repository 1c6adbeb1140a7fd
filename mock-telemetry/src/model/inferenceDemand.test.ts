import { defaultFleet } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { buildFleetModel } from './buildFleetModel.ts';
import { evalHall } from './evalHall.ts';
import { dayCurve, weekdayFactor } from './inferenceDemand.ts';
import { siteWeather } from './siteWeather.ts';

// Wednesday 2026-04-15 and Saturday 2026-04-18, 00:00 US-Eastern standard time (UTC-5).
const WEDNESDAY = Math.floor(Date.UTC(2026, 3, 15, 5) / 1000);
const SATURDAY = Math.floor(Date.UTC(2026, 3, 18, 5) / 1000);
const sites = buildFleetModel(defaultFleet, 4);
const inferenceHalls = sites.flatMap((s) =>
  s.halls.filter((h) => h.workload === 'inference').map((h) => ({ s, h })),
);

/**
 * Inference GPU work (allocated GPUs × utilization) per GPU of the internal pool, every 10 min over a
 * day: dividing by the pool keeps rental contracts that start or end that day out of the figure.
 */
function dayOfWork(from: number, which: (typeof inferenceHalls)[number]): { hourEt: number; work: number }[] {
  const out: { hourEt: number; work: number }[] = [];
  for (let sec = from; sec < from + 86_400; sec += 600) {
    const st = evalHall(which.h, sec, siteWeather(which.s, sec));
    const pool = st.total - st.rented - st.failed;
    out.push({ hourEt: (sec - from) / 3600, work: (st.inference * st.inferenceUtil) / pool });
  }
  return out;
}

describe('inference load', () => {
  it('follows the day with a ±20–35 % swing peaking on weekday afternoons US-Eastern', () => {
    expect(inferenceHalls.length).toBeGreaterThan(4);
    for (const which of inferenceHalls) {
      const day = dayOfWork(WEDNESDAY, which);
      const works = day.map((d) => d.work);
      const max = Math.max(...works);
      const min = Math.min(...works);
      const amplitude = (max - min) / (max + min);
      const label = `${which.h.siteId}/${which.h.hallId}`;
      expect(amplitude, label).toBeGreaterThanOrEqual(0.2);
      expect(amplitude, label).toBeLessThanOrEqual(0.35);
      const peak = day.find((d) => d.work === max)!;
      expect(peak.hourEt, label).toBeGreaterThanOrEqual(12);
      expect(peak.hourEt, label).toBeLessThanOrEqual(18);
    }
  });

  it('is lower at weekends', () => {
    for (const which of inferenceHalls.slice(0, 3)) {
      const mean = (xs: { work: number }[]) => xs.reduce((a, d) => a + d.work, 0) / xs.length;
      expect(mean(dayOfWork(SATURDAY, which))).toBeLessThan(0.9 * mean(dayOfWork(WEDNESDAY, which)));
    }
  });

  it('moves smoothly across midnight between weekday and weekend levels', () => {
    const fridayMidnight = SATURDAY;
    expect(weekdayFactor(WEDNESDAY + 12 * 3600)).toBe(1);
    expect(weekdayFactor(SATURDAY + 12 * 3600)).toBeLessThan(1);
    for (let dt = -4 * 3600; dt < 4 * 3600; dt += 60) {
      expect(
        Math.abs(weekdayFactor(fridayMidnight + dt + 60) - weekdayFactor(fridayMidnight + dt)),
      ).toBeLessThan(0.002);
    }
    expect(dayCurve(WEDNESDAY + 15 * 3600)).toBeCloseTo(1, 9);
    expect(dayCurve(WEDNESDAY + 3 * 3600)).toBeCloseTo(-1, 9);
  });
});
