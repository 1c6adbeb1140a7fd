import { type FleetConfig, type HistoryResponse, type Metric, metricDef } from '@gigawatt/shared';
import { weightedUtilization } from './execFigures.ts';
import { idleRevenueTerms } from './idleRevenueTerms.ts';
import { emptySeries, type RangeSeries } from './rangeSeries.ts';
import type { FigureKey } from './scopeFigures.ts';

/** What a column of figures is about: one site, or a roll-up of several ('rollup'). */
export interface Scope {
  id: string;
  siteIds: readonly string[];
  label: string;
}

const STORED: Record<Exclude<FigureKey, 'idleRevenue'>, Metric> = {
  util: 'gpuUtilPct',
  revenue: 'revenueUsdPerHour',
  rented: 'gpusRented',
  internal: 'gpusInternal',
  idle: 'gpusIdle',
  failed: 'gpusFailed',
  facility: 'facilityPowerMw',
  it: 'itPowerMw',
  pue: 'pue',
};

/**
 * The stored series prefix a scope maps onto: one site, or the whole fleet (the server's own roll-up,
 * with exact min/max bands). A subset of sites has no stored roll-up and is combined from its sites.
 */
function storedPrefix(scope: Scope, fleet: FleetConfig): string | null {
  if (scope.siteIds.length === 1) return `site:${scope.siteIds[0]}:`;
  const all = fleet.sites.map((s) => s.id);
  const same = scope.siteIds.length === all.length && all.every((id) => scope.siteIds.includes(id));
  return same ? 'fleet:' : null;
}

const siteId = (site: string, metric: Metric) => `site:${site}:${metric}`;

/**
 * The site metrics a roll-up of sites reads for a metric, by the registry's roll-up rule: the metric
 * itself for a sum, with its weights for a weighted mean, the terms' for a ratio.
 */
function rollUpInputs(metric: Metric): Metric[] {
  const r = metricDef(metric).rollUp;
  switch (r.kind) {
    case 'sum':
      return [metric];
    case 'weightedMean':
      return [metric, ...r.by];
    case 'ratio':
      return [...rollUpInputs(r.numerator), ...rollUpInputs(r.denominator)];
  }
}

/**
 * A metric of several sites, bucket by bucket from the site means, by the registry's roll-up rule.
 * Where a bucket has nothing to weigh or divide by it is NaN (left out of the chart), whatever the
 * registry's stand-in value for a live roll-up: a range chart shows a gap, not a made-up 0.
 */
function combineSites(
  metric: Metric,
  siteIds: readonly string[],
  mean: (id: string) => ArrayLike<number>,
  n: number,
): ArrayLike<number> {
  const r = metricDef(metric).rollUp;
  switch (r.kind) {
    case 'sum':
      return sumOf(
        siteIds.map((s) => mean(siteId(s, metric))),
        n,
      );
    case 'weightedMean': {
      const sites = siteIds.map((s) => ({
        v: mean(siteId(s, metric)),
        w: r.by.map((b) => mean(siteId(s, b))),
      }));
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        // The mean of weighted parts that leaves out parts without a weight (weightedUtilization).
        out[i] = weightedUtilization(
          sites.map((x) => ({ utilPct: x.v[i]!, allocatedGpus: x.w.reduce((a, c) => a + c[i]!, 0) })),
        );
      }
      return out;
    }
    case 'ratio': {
      const num = combineSites(r.numerator, siteIds, mean, n);
      const den = combineSites(r.denominator, siteIds, mean, n);
      return Float64Array.from({ length: n }, (_, i) => (den[i]! > 0 ? num[i]! / den[i]! : Number.NaN));
    }
  }
}

/** History series ids needed for these figures of a scope. */
export function seriesIdsFor(scope: Scope, keys: readonly FigureKey[], fleet: FleetConfig): string[] {
  const prefix = storedPrefix(scope, fleet);
  const ids = new Set<string>();
  for (const key of keys) {
    if (key === 'idleRevenue') {
      for (const s of scope.siteIds) for (const term of idleRevenueTerms(fleet, s)) ids.add(term.seriesId);
      continue;
    }
    if (prefix) {
      ids.add(prefix + STORED[key]);
      continue;
    }
    for (const s of scope.siteIds) for (const m of rollUpInputs(STORED[key])) ids.add(siteId(s, m));
  }
  return [...ids];
}

interface Aligned {
  t: number[];
  cols: Map<string, { mean: Float64Array; min: Float64Array; max: Float64Array }>;
}

/** Puts every series of a response on one time axis (the union of their buckets; NaN where missing). */
export function alignResponse(resp: HistoryResponse): Aligned {
  const times = new Set<number>();
  for (const s of resp.series) for (const t of s.t) times.add(t);
  const t = [...times].sort((a, b) => a - b);
  const at = new Map(t.map((x, i) => [x, i]));
  const cols: Aligned['cols'] = new Map();
  for (const s of resp.series) {
    const mean = new Float64Array(t.length).fill(Number.NaN);
    const min = new Float64Array(t.length).fill(Number.NaN);
    const max = new Float64Array(t.length).fill(Number.NaN);
    s.t.forEach((x, i) => {
      const k = at.get(x)!;
      mean[k] = s.mean[i]!;
      min[k] = s.min[i]!;
      max[k] = s.max[i]!;
    });
    cols.set(s.id, { mean, min, max });
  }
  return { t, cols };
}

/**
 * Builds the figure series of a scope from a history response. Stored scopes keep their min/max band;
 * combined ones are computed bucket by bucket from site means by the registry's roll-up rules (sums;
 * utilization weighted by allocated GPUs; PUE as Σ facility / Σ IT) and have no band, since the sites'
 * extremes need not coincide.
 * Buckets where a figure cannot be computed are left out.
 */
export function buildScopeSeries(
  resp: HistoryResponse,
  scope: Scope,
  keys: readonly FigureKey[],
  fleet: FleetConfig,
  aligned: Aligned = alignResponse(resp),
): Map<FigureKey, RangeSeries> {
  const { t, cols } = aligned;
  const prefix = storedPrefix(scope, fleet);
  const step = resp.stepMs;
  const nan = new Float64Array(t.length).fill(Number.NaN);
  const mean = (id: string) => cols.get(id)?.mean ?? nan;
  const out = new Map<FigureKey, RangeSeries>();

  for (const key of keys) {
    let m: ArrayLike<number>;
    let lo: ArrayLike<number> | null = null;
    let hi: ArrayLike<number> | null = null;
    if (key === 'idleRevenue') {
      const terms = scope.siteIds.flatMap((s) => idleRevenueTerms(fleet, s));
      const acc = new Float64Array(t.length);
      for (const term of terms) {
        const col = mean(term.seriesId);
        for (let i = 0; i < t.length; i++) acc[i]! += col[i]! * term.pricePerGpuHourUsd;
      }
      m = acc;
      const only = terms.length === 1 ? terms[0]! : null;
      const c = only ? cols.get(only.seriesId) : undefined;
      if (only && c && only.pricePerGpuHourUsd >= 0) {
        lo = c.min.map((x) => x * only.pricePerGpuHourUsd);
        hi = c.max.map((x) => x * only.pricePerGpuHourUsd);
      }
    } else if (prefix) {
      const c = cols.get(prefix + STORED[key]);
      m = c?.mean ?? nan;
      lo = c?.min ?? null;
      hi = c?.max ?? null;
    } else {
      m = combineSites(STORED[key], scope.siteIds, mean, t.length);
    }
    const s = emptySeries(step, lo !== null && hi !== null);
    for (let i = 0; i < t.length; i++) {
      if (!Number.isFinite(m[i]!)) continue;
      s.t.push(t[i]!);
      s.mean.push(m[i]!);
      // A band bucket missing its extremes falls back to the mean, so the band never spikes to NaN.
      s.min?.push(Number.isFinite(lo?.[i] ?? Number.NaN) ? lo![i]! : m[i]!);
      s.max?.push(Number.isFinite(hi?.[i] ?? Number.NaN) ? hi![i]! : m[i]!);
    }
    const last = s.t[s.t.length - 1];
    // The server's newest bucket is still filling: about one sample per second so far.
    s.lastCount = last === undefined ? 0 : Math.max(1, Math.min(step, resp.to - last) / 1000);
    out.set(key, s);
  }
  return out;
}

function sumOf(cols: readonly ArrayLike<number>[], n: number): Float64Array {
  const out = new Float64Array(n);
  for (const c of cols) for (let i = 0; i < n; i++) out[i]! += c[i]!;
  if (cols.length === 0) out.fill(Number.NaN);
  return out;
}
