import { defaultFleet, type FleetConfig, hallGpuCount, siteSampleSchema } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator } from './createSimulator.ts';
import { FAILURE_CAUSES } from './failureCauses.ts';

const T0 = Date.UTC(2026, 4, 6, 14, 30, 12, 345);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T_MIN = 946_684_800_000;
const T_MAX = 4_102_444_799_000;

describe('createSimulator: determinism and jumps', () => {
  it('gives the same output for the same seed and instant, whatever was asked before', () => {
    const a = createSimulator({ seed: 42 });
    const b = createSimulator({ seed: 42 });
    const times = Array.from({ length: 40 }, (_, i) => T0 + ((i * 7919) % 40) * 61_000 + (i % 3) * DAY);
    const fromA = times.map((t) => a.sampleFleet(t));
    const fromB = [...times].reverse().map((t) => b.sampleFleet(t));
    expect(fromA).toEqual(fromB.reverse());
    expect(a.racks('ohio', 'h11', T0)).toEqual(b.racks('ohio', 'h11', T0));
    expect(a.failures(T0, T0 + DAY)).toEqual(b.failures(T0, T0 + DAY));
  });

  it('differs between seeds', () => {
    const a = createSimulator({ seed: 1 }).sampleSite('texas', T0);
    const b = createSimulator({ seed: 2 }).sampleSite('texas', T0);
    expect(a.itPowerMw).not.toBe(b.itPowerMw);
  });

  it('jumps: an instant far ahead equals the same instant reached by stepping', () => {
    const stepped = createSimulator({ seed: 9 });
    const cold = createSimulator({ seed: 9 });
    let last = stepped.sampleFleet(T0);
    for (let t = T0; t <= T0 + 20 * 60_000; t += 1000) last = stepped.sampleFleet(t);
    for (let t = T0 + HOUR; t <= T0 + 3 * DAY; t += 5 * 60_000) last = stepped.sampleFleet(t);
    const target = T0 + 3 * DAY + 17_000;
    last = stepped.sampleFleet(target);
    expect(cold.sampleFleet(target)).toEqual(last);
    expect(cold.racks('missouri', 'h4', target)).toEqual(stepped.racks('missouri', 'h4', target));
  });

  it('floors t to the whole second and uses it as seq', () => {
    const sim = createSimulator({ seed: 3 });
    const s = sim.sampleSite('ohio', T0);
    expect(s.t).toBe(Math.floor(T0 / 1000) * 1000);
    expect(s.seq).toBe(Math.floor(T0 / 1000));
    expect(sim.sampleSite('ohio', s.t + 999)).toEqual(s);
    expect(sim.sampleFleet(T0).map((x) => x.site)).toEqual(defaultFleet.sites.map((x) => x.id));
    expect(s.halls.map((h) => h.hall)).toEqual(defaultFleet.sites[1]!.halls.map((h) => h.id));
  });
});

describe('createSimulator: samples', () => {
  it('produces samples that pass siteSampleSchema and add up, for any seed and time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: T_MIN, max: T_MAX }),
        (seed, t) => {
          const sim = createSimulator({ seed });
          for (const s of sim.sampleFleet(t)) {
            const parsed = siteSampleSchema.safeParse(s);
            if (!parsed.success) throw new Error(`${s.site}: ${parsed.error.message}`);
            let it = 0;
            let total = 0;
            let rented = 0;
            for (const h of s.halls) {
              it += h.itPowerMw;
              total += h.gpus.total;
              rented += h.gpus.rented;
              expect(h.gpus.rented + h.gpus.internal + h.gpus.idle + h.gpus.failed).toBe(h.gpus.total);
            }
            expect(s.itPowerMw).toBeCloseTo(it, 9);
            expect(s.gpus.total).toBe(total);
            expect(s.gpus.rented).toBe(rented);
            const site = sim.fleet.sites.find((x) => x.id === s.site)!;
            const pue = s.facilityPowerMw / s.itPowerMw;
            expect(pue).toBeGreaterThanOrEqual(site.pueDesign.min - 1e-12);
            expect(pue).toBeLessThanOrEqual(site.pueDesign.max + 1e-12);
            expect(s.inletTempC).toBeGreaterThanOrEqual(21.5);
            expect(s.inletTempC).toBeLessThanOrEqual(27.5);
          }
        },
      ),
      { seed: 31, numRuns: 40 },
    );
  });

  it('sizes halls as racks × GPUs per rack of their model', () => {
    const s = createSimulator({ seed: 1 }).sampleSite('ohio', T0);
    const ohio = defaultFleet.sites[1]!;
    for (const [i, h] of s.halls.entries())
      expect(h.gpus.total).toBe(hallGpuCount(defaultFleet, ohio.halls[i]!));
  });

  it('rents out the Ohio H100 halls most', () => {
    const sim = createSimulator({ seed: 12 });
    const mean = new Map<string, number>();
    let n = 0;
    for (let t = T0; t < T0 + 14 * DAY; t += 2 * HOUR) {
      for (const s of sim.sampleFleet(t)) {
        for (const h of s.halls) {
          const k = `${s.site}/${h.hall}`;
          mean.set(k, (mean.get(k) ?? 0) + h.gpus.rented / h.gpus.total);
        }
      }
      n++;
    }
    const h100 = ['ohio/h11', 'ohio/h12', 'ohio/h13'];
    const lowestH100 = Math.min(...h100.map((k) => mean.get(k)! / n));
    const highestOther = Math.max(...[...mean].filter(([k]) => !h100.includes(k)).map(([, v]) => v / n));
    expect(lowestH100).toBeGreaterThan(0.5);
    expect(lowestH100).toBeGreaterThan(highestOther + 0.2);
  });

  it('draws typically 55–95 % of each site cap', () => {
    const sim = createSimulator({ seed: 5 });
    for (const site of sim.fleet.sites) {
      const shares: number[] = [];
      for (let t = T0; t < T0 + 120 * DAY; t += 7 * HOUR + 13_000) {
        shares.push(sim.sampleSite(site.id, t).facilityPowerMw / site.powerCapMw);
      }
      shares.sort((a, b) => a - b);
      const median = shares[shares.length >> 1]!;
      expect(median, site.id).toBeGreaterThan(0.62);
      expect(median, site.id).toBeLessThan(0.85);
      const inside = shares.filter((x) => x >= 0.55 && x <= 0.95).length / shares.length;
      expect(inside, site.id).toBeGreaterThan(0.9);
    }
  });
});

describe('createSimulator: failures', () => {
  const sim = createSimulator({ seed: 77 });
  const from = Date.UTC(2026, 0, 1);
  const events = sim.failures(from, from + 30 * DAY);
  const gpus = sim.sampleFleet(from).reduce((a, s) => a + s.gpus.total, 0);

  it('fails GPUs at the Llama 3 rate (≈47 per 100k GPUs per day)', () => {
    const perDayPer100k = events.length / 30 / (gpus / 100_000);
    expect(perDayPer100k).toBeGreaterThan(35);
    expect(perDayPer100k).toBeLessThan(60);
    expect(Math.abs(perDayPer100k - 47.4)).toBeLessThan(3);
  });

  it('follows the Llama 3 cause mix', () => {
    for (const c of FAILURE_CAUSES) {
      const share = events.filter((e) => e.cause === c.id).length / events.length;
      expect(Math.abs(share - c.share), c.id).toBeLessThan(0.015);
    }
  });

  it('lists events in time order inside the window, on whole seconds', () => {
    for (let i = 1; i < events.length; i++) expect(events[i]!.t).toBeGreaterThanOrEqual(events[i - 1]!.t);
    expect(events[0]!.t).toBeGreaterThanOrEqual(from);
    expect(events.at(-1)!.t).toBeLessThan(from + 30 * DAY);
    for (const e of events.slice(0, 200)) {
      expect(e.t % 1000).toBe(0);
      expect(e.repairedAt).toBeGreaterThan(e.t);
    }
    // Windows partition: two halves hold exactly the events of the whole.
    const mid = from + 15 * DAY + 123;
    expect([...sim.failures(from, mid), ...sim.failures(mid, from + 30 * DAY)]).toEqual(events);
    expect(sim.failures(from + DAY, from)).toEqual([]);
  });

  it('counts a GPU as failed from its failure until its repair', () => {
    // Repairs take up to MAX_REPAIR_S (30 h), so failures from before the window can still be open in it.
    const withEarlier = [...sim.failures(from - 2 * DAY, from), ...events];
    let checked = 0;
    for (const e of events.filter((x) => x.site === 'louisiana' && x.hall === 'h2').slice(0, 8)) {
      for (const t of [e.t, e.t + 60_000, e.repairedAt - 1000, e.repairedAt]) {
        const hall = sim.sampleSite('louisiana', t).halls[1]!;
        const open = withEarlier.filter(
          (x) => x.site === 'louisiana' && x.hall === 'h2' && x.t <= t && t < x.repairedAt,
        );
        expect(hall.gpus.failed).toBe(open.length);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('restarts a training job after a failure: power near idle for minutes', () => {
    const restart = events.find((e) => e.restartsJob && e.site === 'missouri' && e.hall === 'h1')!;
    const hallAt = (t: number) => sim.sampleSite('missouri', t).halls[0]!;
    const before = hallAt(restart.t - 20 * 60_000);
    const during = hallAt(restart.t + 90_000);
    expect(during.itPowerMw).toBeLessThan(0.4 * before.itPowerMw);
    expect(during.gpuUtilPct).toBeLessThan(15);
    expect(hallAt(restart.t + 30 * 60_000).itPowerMw).toBeGreaterThan(0.6 * before.itPowerMw);
  });
});

describe('createSimulator: configuration', () => {
  it('works with a custom fleet', () => {
    const fleet: FleetConfig = {
      name: 'tiny',
      gpuModels: [defaultFleet.gpuModels[2]!],
      sites: [
        {
          ...defaultFleet.sites[0]!,
          id: 'lab',
          halls: [{ ...defaultFleet.sites[0]!.halls[0]!, gpuModel: 'h100', racks: 3 }],
        },
      ],
    };
    const sim = createSimulator({ seed: 0, fleet });
    const s = sim.sampleSite('lab', T0);
    expect(siteSampleSchema.safeParse(s).success).toBe(true);
    expect(s.gpus.total).toBe(96);
    expect(sim.racks('lab', 'h1', T0).powerKw.length).toBe(3);
  });

  it('refuses bad seeds, fleets, sites and halls with clear errors', () => {
    expect(() => createSimulator({ seed: 1.5 })).toThrow(/seed/);
    expect(() => createSimulator({ seed: Number.NaN })).toThrow(/seed/);
    const broken = {
      ...defaultFleet,
      sites: [
        { ...defaultFleet.sites[0]!, halls: [{ ...defaultFleet.sites[0]!.halls[0]!, gpuModel: 'tpu' }] },
      ],
    };
    expect(() => createSimulator({ seed: 1, fleet: broken })).toThrow(/unknown GPU model "tpu"/);
    const sim = createSimulator({ seed: 1 });
    expect(() => sim.sampleSite('mars', T0)).toThrow(/unknown site "mars"/);
    expect(() => sim.racks('ohio', 'h99', T0)).toThrow(/unknown hall "ohio\/h99"/);
    expect(() => sim.sampleFleet(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
