import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FleetTotals, sumTotals } from '../derived.ts';
import { fleetMetric, parseSeriesId } from '../seriesId.ts';
import { gpuCountsArb } from '../testing/gpuCountsArb.ts';
import { createRollUp } from './createRollUp.ts';
import { METRIC_REGISTRY, type MetricId, type MetricLevel, metricDef, metricsAt } from './metricRegistry.ts';

const PROMETHEUS_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const ids = METRIC_REGISTRY.map((d) => d.id);

describe('metric registry', () => {
  it('has unique ids and is frozen', () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.isFrozen(METRIC_REGISTRY)).toBe(true);
    for (const d of METRIC_REGISTRY) expect(Object.isFrozen(d)).toBe(true);
  });

  it('makes a misspelt id a compile error', () => {
    // @ts-expect-error: not a metric (capital W)
    const typo: MetricId = 'facilityPowerMW';
    expect(ids).not.toContain(typo);
    expect(metricDef('pue').id).toBe('pue');
  });

  it('gives valid Prometheus names, one gauge per name and label set, one help per name', () => {
    const series = new Set<string>();
    const helpOf = new Map<string, string>();
    for (const d of METRIC_REGISTRY) {
      for (const [level, g] of Object.entries(d.prometheus.gauges)) {
        expect(g.name, d.id).toMatch(PROMETHEUS_NAME);
        expect(d.levels, `${d.id} exported at ${level}`).toContain(level);
        const key = `${g.name}${JSON.stringify(d.prometheus.labels ?? {})}`;
        expect(series.has(key), key).toBe(false);
        series.add(key);
        expect(helpOf.get(g.name) ?? g.help, g.name).toBe(g.help);
        helpOf.set(g.name, g.help);
      }
    }
  });

  it('says why a site or hall metric has no gauge', () => {
    for (const d of METRIC_REGISTRY) {
      for (const level of ['site', 'hall'] as const) {
        if (d.levels.includes(level) && !d.prometheus.gauges[level])
          expect(d.prometheus.unexported, d.id).toBeTruthy();
      }
    }
  });

  it('gives unique CSV headers in contiguous columns, and a reason for every metric left out', () => {
    const cols = METRIC_REGISTRY.flatMap((d) => (d.csv ? [d.csv] : []));
    expect(new Set(cols.map((c) => c.header)).size).toBe(cols.length);
    expect(cols.map((c) => c.column).sort((a, b) => a - b)).toEqual(cols.map((_, i) => i));
    for (const d of METRIC_REGISTRY) if (!d.csv) expect(d.csvOmitted, d.id).toBeTruthy();
    const racks = METRIC_REGISTRY.flatMap((d) => (d.rack ? [d.rack] : []));
    expect(new Set(racks.map((r) => r.csvHeader)).size).toBe(racks.length);
    expect(new Set(racks.map((r) => r.column)).size).toBe(racks.length);
  });

  it('has rack detail exactly where rack is a level', () => {
    for (const d of METRIC_REGISTRY) expect(d.rack !== undefined, d.id).toBe(d.levels.includes('rack'));
  });

  it('resolves every metric by parseSeriesId at its levels, and refuses it at levels it lacks', () => {
    const idOf: Record<Exclude<MetricLevel, 'rack'>, (m: string) => string> = {
      fleet: (m) => `fleet:${m}`,
      site: (m) => `site:ohio:${m}`,
      hall: (m) => `hall:ohio:h11:${m}`,
    };
    for (const d of METRIC_REGISTRY) {
      for (const level of ['fleet', 'site', 'hall'] as const) {
        const ref = parseSeriesId(idOf[level](d.id));
        if (d.levels.includes(level)) expect(ref, `${level} ${d.id}`).toMatchObject({ level, metric: d.id });
        else expect(typeof ref, `${level} ${d.id}`).toBe('string');
      }
    }
  });

  it('rolls up only from metrics that exist at the levels it rolls up from', () => {
    for (const d of METRIC_REGISTRY) {
      const r = d.rollUp;
      const refs = r.kind === 'ratio' ? [r.numerator, r.denominator] : r.kind === 'weightedMean' ? r.by : [];
      for (const ref of refs) {
        expect(ids, `${d.id} → ${ref}`).toContain(ref);
        for (const level of d.levels.filter((l) => l !== 'rack')) {
          expect(metricDef(ref).levels, `${d.id} → ${ref}`).toContain(level);
        }
      }
    }
  });
});

const countsArb = gpuCountsArb(50_000, 5_000);
const partArb: fc.Arbitrary<FleetTotals> = fc.record({
  t: fc.nat(2e12),
  facilityPowerMw: fc.double({ min: 0, max: 2000, noNaN: true }),
  itPowerMw: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1500, noNaN: true })),
  powerCapMw: fc.double({ min: 0, max: 2000, noNaN: true }),
  gpus: fc.oneof(countsArb, fc.constant({ total: 0, rented: 0, internal: 0, idle: 0, failed: 0 })),
  gpuUtilPct: fc.double({ min: 0, max: 100, noNaN: true }),
  inletTempC: fc.double({ min: 10, max: 45, noNaN: true }),
  revenueUsdPerHour: fc.double({ min: 0, max: 1e7, noNaN: true }),
});

describe('registry roll-up', () => {
  it('agrees with sumTotals (derived.ts) to the bit on random sites', () => {
    const site = metricsAt('site').map((d) => d.id);
    const fleet = metricsAt('fleet').map((d) => d.id);
    const rollUp = createRollUp(site, fleet);
    const out = new Float64Array(fleet.length);
    fc.assert(
      fc.property(fc.array(partArb, { minLength: 0, maxLength: 6 }), (parts) => {
        const rows = parts.map((p) => site.map((m) => fleetMetric(p, m)));
        rollUp(rows, out);
        const expected = sumTotals(parts);
        fleet.forEach((m, i) => {
          expect(out[i], m).toBe(fleetMetric(expected, m));
        });
      }),
      { seed: 23, numRuns: 300 },
    );
  });

  it('refuses a plan whose inputs lack a term', () => {
    expect(() => createRollUp(['facilityPowerMw'], ['pue'])).toThrow(/itPowerMw/);
  });
});
