import { defaultFleet, type SiteSample } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { createSimulator } from './createSimulator.ts';
import { FAILURE_CAUSES } from './failureCauses.ts';
import { FAILURES_PER_GPU_DAY } from './modelConstants.ts';

/*
 * The emergent figures of the default fleet held in band over simulated weeks: PUE that follows load and
 * weather inside each site's design band, the failed-GPU count that Little's law gives for the sourced
 * repair times, GB300 priced above GB200, and little of the leased Crusoe capacity rented out again.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STEP = 10 * 60_000;
const sim = createSimulator({ seed: 11 });
const siteIds = defaultFleet.sites.map((s) => s.id);
const band = (id: string) => defaultFleet.sites.find((s) => s.id === id)!.pueDesign;

/** Every site sampled every 10 minutes for a week from `from`. */
function week(from: number): SiteSample[][] {
  const out: SiteSample[][] = [];
  for (let t = from; t < from + 7 * DAY; t += STEP) out.push(sim.sampleFleet(t));
  return out;
}
const pueOf = (s: SiteSample) => s.facilityPowerMw / s.itPowerMw;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pues = (w: SiteSample[][], site: string) => w.map((f) => pueOf(f.find((s) => s.site === site)!));

// A spring week (the other tests' season), a winter week (Ohio used to sit at 1.080) and a summer week.
const may = week(Date.UTC(2026, 4, 6));
const december = week(Date.UTC(2026, 11, 1));
const july = week(Date.UTC(2026, 6, 18));

describe('PUE follows IT load and weather, inside each design band', () => {
  it('varies over a week in every season and never leaves the band', () => {
    for (const [season, w] of [
      ['may', may],
      ['december', december],
      ['july', july],
    ] as const) {
      for (const id of siteIds) {
        const { min, max } = band(id);
        const p = pues(w, id);
        const lo = Math.min(...p);
        const hi = Math.max(...p);
        expect(lo, `${season} ${id}`).toBeGreaterThanOrEqual(min - 1e-12);
        expect(hi, `${season} ${id}`).toBeLessThanOrEqual(max + 1e-12);
        // Not flat: it moves across at least a fifth of the band, and is rarely held at the bottom.
        expect(hi - lo, `${season} ${id}`).toBeGreaterThan(0.2 * (max - min));
        const atBottom = p.filter((x) => x < min + 1e-4).length / p.length;
        expect(atBottom, `${season} ${id}`).toBeLessThan(0.05);
      }
    }
  });

  it('is higher in summer than in winter, and highest in Louisiana on summer afternoons', () => {
    for (const id of siteIds) expect(mean(pues(july, id)), id).toBeGreaterThan(mean(pues(december, id)));
    // Louisiana local time is UTC−6: 14:00–17:00 against 03:00–06:00.
    const la = july.map((f) => f[0]!);
    const hourOf = (s: SiteSample) => (new Date(s.t).getUTCHours() + 18) % 24;
    const afternoon = mean(la.filter((s) => hourOf(s) >= 14 && hourOf(s) < 17).map(pueOf));
    const night = mean(la.filter((s) => hourOf(s) >= 3 && hourOf(s) < 6).map(pueOf));
    const { min, max } = band('louisiana');
    // Even July nights are warm and humid there, and the afternoon inference peak adds load, so the
    // daily swing is a fraction of the band; the afternoons themselves sit near its top.
    expect(afternoon - night).toBeGreaterThan(0.12 * (max - min));
    expect(afternoon).toBeGreaterThan(max - 0.3 * (max - min));
  });

  it('rises when a job restart drops the IT load (the fixed overhead is spread over less IT)', () => {
    // A crash is a restart-sized drop: the same second and weather with and without it isolates the load.
    const start = Date.UTC(2026, 4, 6, 12);
    const times = [start + 60_000, start + 5 * 60_000];
    for (const site of defaultFleet.sites) {
      // The training hall drawing most at both instants (not one already down in a restart of its own).
      const normal = times.map((t) => sim.sampleSite(site.id, t));
      const training = site.halls.filter((h) => h.workload === 'training').map((h) => h.id);
      const drawn = (id: string) =>
        Math.min(...normal.map((s) => s.halls.find((h) => h.hall === id)!.itPowerMw));
      const hall = training.reduce((a, b) => (drawn(b) > drawn(a) ? b : a));
      const crashed = createSimulator({
        seed: 11,
        incidents: [{ kind: 'jobCrash', site: site.id, hall, start, durationMs: 10 * 60_000 }],
      });
      for (const [i, t] of times.entries()) {
        const down = crashed.sampleSite(site.id, t);
        expect(down.itPowerMw, site.id).toBeLessThan(0.95 * normal[i]!.itPowerMw);
        const { min, max } = site.pueDesign;
        expect(pueOf(down) - pueOf(normal[i]!), `${site.id}/${hall}`).toBeGreaterThan(0.03 * (max - min));
      }
    }
  });
});

describe('failed GPUs: the steady state of the Llama 3 rate and the sourced repair times', () => {
  it('holds the fleet-wide count near failure rate × GPUs × mean repair (Little’s law) over a week', () => {
    const gpus = may[0]!.reduce((a, s) => a + s.gpus.total, 0);
    const meanRepairS = FAILURE_CAUSES.reduce((a, c) => a + c.share * ((c.repairS[0] + c.repairS[1]) / 2), 0);
    const expected = ((gpus * FAILURES_PER_GPU_DAY) / 86_400) * meanRepairS;
    // ≈ 575 failures a day × 13.4 h ≈ 320 GPUs failed at any moment (modelConstants.ts).
    expect(meanRepairS / 3600).toBeGreaterThan(12);
    expect(meanRepairS / 3600).toBeLessThan(15);
    expect(expected).toBeGreaterThan(280);
    expect(expected).toBeLessThan(360);
    const failed = may.map((f) => f.reduce((a, s) => a + s.gpus.failed, 0));
    expect(Math.abs(mean(failed) / expected - 1)).toBeLessThan(0.08);
    // The count is Poisson (an M/G/∞ queue): every sample within 5σ of the steady state.
    const sigma = Math.sqrt(expected);
    expect(Math.min(...failed)).toBeGreaterThan(expected - 5 * sigma);
    expect(Math.max(...failed)).toBeLessThan(expected + 5 * sigma);
  });
});

describe('rental: prices and who rents out what', () => {
  const price = new Map(defaultFleet.gpuModels.map((m) => [m.id, m.pricePerGpuHourUsd]));
  const modelOf = new Map(
    defaultFleet.sites.flatMap((s) => s.halls.map((h) => [`${s.id}/${h.id}`, h.gpuModel])),
  );

  it('earns more per rented GPU-hour on GB300 than on GB200, and on both than on H100', () => {
    const revenue = new Map<string, number>();
    const gpuHours = new Map<string, number>();
    for (const f of may) {
      for (const s of f) {
        for (const h of s.halls) {
          const m = modelOf.get(`${s.site}/${h.hall}`)!;
          revenue.set(m, (revenue.get(m) ?? 0) + h.gpus.rented * price.get(m)!);
          gpuHours.set(m, (gpuHours.get(m) ?? 0) + h.gpus.rented);
        }
      }
    }
    const perGpuHour = (m: string) => revenue.get(m)! / gpuHours.get(m)!;
    expect(perGpuHour('gb300')).toBeGreaterThan(perGpuHour('gb200'));
    expect(perGpuHour('gb200')).toBeGreaterThan(perGpuHour('h100'));
    expect(perGpuHour('gb300') / perGpuHour('gb200')).toBeCloseTo(1.2, 6);
  });

  it('rents out little of the leased Crusoe sites, and Ohio’s H100 halls most', () => {
    const share = (id: string) => {
      const rows = may.map((f) => f.find((s) => s.site === id)!);
      return rows.reduce((a, s) => a + s.gpus.rented, 0) / rows.reduce((a, s) => a + s.gpus.total, 0);
    };
    for (const id of ['texas', 'missouri']) {
      expect(share(id), id).toBeGreaterThan(0.005);
      expect(share(id), id).toBeLessThan(0.04);
    }
    expect(share('ohio')).toBeGreaterThan(Math.max(share('louisiana'), share('texas'), share('missouri')));
    const hallShare = new Map<string, number>();
    for (const f of may)
      for (const s of f)
        for (const h of s.halls) {
          const k = `${s.site}/${h.hall}`;
          hallShare.set(k, (hallShare.get(k) ?? 0) + h.gpus.rented / h.gpus.total / may.length);
        }
    const ranked = [...hallShare].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    expect(new Set(ranked.slice(0, 3))).toEqual(new Set(['ohio/h11', 'ohio/h12', 'ohio/h13']));
  });
});
