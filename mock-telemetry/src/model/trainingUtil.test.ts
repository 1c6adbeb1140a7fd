import { defaultFleet } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { buildFleetModel, type HallModel, type SiteModel } from './buildFleetModel.ts';
import { evalHall } from './evalHall.ts';
import { CHECKPOINT_INTERVAL_S, TRAIN_PERIOD_S } from './modelConstants.ts';
import { siteWeather } from './siteWeather.ts';
import { checkpointDepth, trainingUtil, trainingWave } from './trainingUtil.ts';

const SEC0 = Math.floor(Date.UTC(2026, 3, 14, 9) / 1000);
const sites = buildFleetModel(defaultFleet, 21);
const trainingHalls: [SiteModel, HallModel][] = sites.flatMap((s) =>
  s.halls.filter((h) => h.workload === 'training').map((h): [SiteModel, HallModel] => [s, h]),
);

/** Hall IT power per second over [from, from + n), or null if a job restart falls inside. */
function powerSeries(s: SiteModel, h: HallModel, from: number, n: number): number[] | null {
  const out: number[] = [];
  for (let sec = from; sec < from + n; sec++) {
    const st = evalHall(h, sec, siteWeather(s, sec));
    if (st.restart > 0) return null;
    out.push(st.itPowerMw);
  }
  return out;
}

/** The first second after a checkpoint dip ends: the following half hour is dip-free. */
function afterCheckpoint(h: HallModel, from: number): number {
  let sec = from;
  while (checkpointDepth(h, sec) === 0) sec++;
  while (checkpointDepth(h, sec) > 0) sec++;
  return sec;
}

describe('synchronous training power', () => {
  it('swings as a square-ish wave of 10–30 % of the hall load with a 1–10 s period', () => {
    let checked = 0;
    for (const [s, h] of trainingHalls) {
      const start = afterCheckpoint(h, SEC0);
      const p = powerSeries(s, h, start, 300);
      if (!p) continue;
      checked++;
      const max = Math.max(...p);
      const min = Math.min(...p);
      const mean = p.reduce((a, b) => a + b, 0) / p.length;
      const swing = (max - min) / mean;
      expect(swing, `${h.siteId}/${h.hallId} swing`).toBeGreaterThan(0.08);
      expect(swing, `${h.siteId}/${h.hallId} swing`).toBeLessThan(0.35);
      // Square-ish: most samples sit near one of the two levels, few on the edges.
      const near = p.filter((v) => v > max - 0.25 * (max - min) || v < min + 0.25 * (max - min)).length;
      expect(near / p.length).toBeGreaterThan(0.7);
      // Period from rising crossings of the mid level.
      const mid = (max + min) / 2;
      let rises = 0;
      for (let i = 1; i < p.length; i++) if (p[i - 1]! < mid && p[i]! >= mid) rises++;
      const period = p.length / rises;
      expect(period).toBeGreaterThanOrEqual(1);
      expect(period).toBeLessThanOrEqual(10.5);
      expect(Math.abs(period - h.trainPeriodS)).toBeLessThan(0.1 * h.trainPeriodS + 0.3);
    }
    expect(checked).toBeGreaterThan(trainingHalls.length / 2);
  });

  it('dips toward ~50 % power at checkpoints every 30–60 min, for tens of seconds', () => {
    const [s, h] = trainingHalls[3]!;
    expect(h.checkpointIntervalS).toBeGreaterThanOrEqual(CHECKPOINT_INTERVAL_S[0]);
    expect(h.checkpointIntervalS).toBeLessThanOrEqual(CHECKPOINT_INTERVAL_S[1]);
    const n = 3 * 3600;
    const p: number[] = [];
    for (let sec = SEC0; sec < SEC0 + n; sec++) p.push(evalHall(h, sec, siteWeather(s, sec)).itPowerMw);
    const median = [...p].sort((a, b) => a - b)[Math.floor(n / 2)]!;
    const dips: { start: number; length: number; min: number }[] = [];
    for (let i = 0; i < n; i++) {
      if (p[i]! >= 0.75 * median) continue;
      const start = i;
      let min = p[i]!;
      while (i < n && p[i]! < 0.75 * median) min = Math.min(min, p[i++]!);
      dips.push({ start, length: i - start, min });
    }
    // Restarts are minutes long; checkpoints are the short dips.
    const checkpoints = dips.filter((d) => d.length >= 10 && d.length <= 90);
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);
    for (const d of checkpoints) {
      expect(d.min / median).toBeGreaterThan(0.4);
      expect(d.min / median).toBeLessThan(0.65);
    }
    for (let i = 1; i < checkpoints.length; i++) {
      const gap = checkpoints[i]!.start - checkpoints[i - 1]!.start;
      const cycles = Math.round(gap / h.checkpointIntervalS);
      expect(cycles).toBeGreaterThanOrEqual(1);
      expect(Math.abs(gap - cycles * h.checkpointIntervalS)).toBeLessThanOrEqual(3);
    }
  });

  it('drops to near idle during a job restart and recovers', () => {
    const [, h] = trainingHalls[0]!;
    const normal = trainingUtil(h, SEC0, 0);
    expect(trainingUtil(h, SEC0, 1)).toBeLessThan(5);
    expect(trainingUtil(h, SEC0, 0.5)).toBeLessThan(normal);
  });

  it('keeps the wave within [-1, 1] with both levels present in every period', () => {
    const [, h] = trainingHalls[1]!;
    expect(h.trainPeriodS).toBeGreaterThanOrEqual(TRAIN_PERIOD_S[0]);
    expect(h.trainPeriodS).toBeLessThanOrEqual(TRAIN_PERIOD_S[1]);
    const w = Array.from({ length: 1000 }, (_, i) => trainingWave(h, SEC0 + i));
    expect(Math.max(...w)).toBeLessThanOrEqual(1);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-1);
    expect(w.filter((x) => x > 0.5).length).toBeGreaterThan(400);
    expect(w.filter((x) => x < -0.5).length).toBeGreaterThan(200);
  });
});
