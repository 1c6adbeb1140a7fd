import {
  type FleetIndex,
  fleetMetric,
  formatSeriesId,
  HALL_METRICS,
  type HistoryResponse,
  hallMetric,
  METRIC_UNITS,
  METRICS,
  type RackBlock,
  type RackWire,
  rollupFleet,
  type SiteSample,
  siteMetric,
  type TierName,
} from '@gigawatt/shared';
import { DEFAULT_TIERS, downsample, TieredHistory, type TierSpec } from './tieredHistory.ts';

export interface HistoryQuery {
  series: readonly string[];
  from: number;
  to: number;
  maxPoints: number;
}

function siteKeys(idx: FleetIndex, siteId: string): string[] {
  const site = idx.site(siteId)!;
  const keys = METRICS.map((metric) => formatSeriesId({ level: 'site', site: siteId, metric }));
  for (const h of site.halls) {
    for (const metric of HALL_METRICS)
      keys.push(formatSeriesId({ level: 'hall', site: siteId, hall: h.id, metric }));
  }
  return keys;
}

/** Values of a site sample in the same order as siteKeys(). */
function siteRow(idx: FleetIndex, sample: SiteSample, out: Float64Array): Float64Array {
  let i = 0;
  for (const metric of METRICS) out[i++] = siteMetric(sample, metric, idx);
  const site = idx.site(sample.site)!;
  for (const hc of site.halls) {
    const h = sample.halls.find((x) => x.hall === hc.id);
    for (const metric of HALL_METRICS) out[i++] = h ? hallMetric(sample.site, h, metric, idx) : Number.NaN;
  }
  return out;
}

/**
 * Latest state and bounded history of the fleet. Assumes its inputs were validated at the edge;
 * duplicate or stale samples (seq not newer than the last one of the site) are ignored here.
 */
export class TelemetryStore {
  readonly idx: FleetIndex;
  private readonly latestBySite = new Map<string, SiteSample>();
  private readonly racksByHall = new Map<string, { block: RackBlock; wire: RackWire }>();
  private readonly siteHistory = new Map<string, TieredHistory>();
  private readonly fleetHistory: TieredHistory;
  private readonly rows = new Map<string, Float64Array>();
  private readonly tiers: readonly TierSpec[];

  constructor(idx: FleetIndex, tiers: readonly TierSpec[] = DEFAULT_TIERS) {
    this.idx = idx;
    this.tiers = tiers;
    for (const s of idx.fleet.sites) {
      const keys = siteKeys(idx, s.id);
      this.siteHistory.set(s.id, new TieredHistory(keys, tiers));
      this.rows.set(s.id, new Float64Array(keys.length));
    }
    this.fleetHistory = new TieredHistory(
      METRICS.map((metric) => formatSeriesId({ level: 'fleet', metric })),
      tiers,
    );
  }

  lastSeq(siteId: string): number {
    return this.latestBySite.get(siteId)?.seq ?? -1;
  }

  /** Returns false for a duplicate (same or older seq than the newest stored for the site). */
  putSample(sample: SiteSample): boolean {
    const prev = this.latestBySite.get(sample.site);
    if (prev && sample.seq <= prev.seq) return false;
    this.latestBySite.set(sample.site, sample);
    const row = siteRow(this.idx, sample, this.rows.get(sample.site)!);
    this.siteHistory.get(sample.site)!.append(sample.t, row);
    return true;
  }

  putRacks(block: RackBlock, wire: RackWire): boolean {
    const key = `${block.site}/${block.hall}`;
    const prev = this.racksByHall.get(key);
    if (prev && block.t <= prev.block.t) return false;
    this.racksByHall.set(key, { block, wire });
    return true;
  }

  latestSamples(): SiteSample[] {
    const out: SiteSample[] = [];
    for (const s of this.idx.fleet.sites) {
      const x = this.latestBySite.get(s.id);
      if (x) out.push(x);
    }
    return out;
  }

  latestRacks(siteId: string, hallId: string): RackWire | undefined {
    return this.racksByHall.get(`${siteId}/${hallId}`)?.wire;
  }

  /** Adds one fleet roll-up row (called once per tick). */
  recordFleet(t: number, samples: readonly SiteSample[]): void {
    if (samples.length === 0) return;
    const totals = rollupFleet(samples, this.idx);
    this.fleetHistory.append(
      t,
      METRICS.map((m) => fleetMetric(totals, m)),
    );
  }

  /** History synthesis: one pre-aggregated bucket of a whole fleet snapshot into a tier. */
  backfillBucket(tier: TierName, t: number, snapshots: readonly SiteSample[][]): void {
    if (snapshots.length === 0) return;
    for (const s of this.idx.fleet.sites) {
      const keys = this.siteHistory.get(s.id)!.keys.length;
      const mean = new Float64Array(keys);
      const min = new Float64Array(keys).fill(Number.POSITIVE_INFINITY);
      const max = new Float64Array(keys).fill(Number.NEGATIVE_INFINITY);
      const row = new Float64Array(keys);
      let n = 0;
      for (const snap of snapshots) {
        const sample = snap.find((x) => x.site === s.id);
        if (!sample) continue;
        siteRow(this.idx, sample, row);
        for (let i = 0; i < keys; i++) {
          mean[i]! += row[i]!;
          if (row[i]! < min[i]!) min[i] = row[i]!;
          if (row[i]! > max[i]!) max[i] = row[i]!;
        }
        n++;
      }
      if (n === 0) continue;
      for (let i = 0; i < keys; i++) mean[i]! /= n;
      this.siteHistory.get(s.id)!.appendAggregate(tier, t, mean, min, max);
    }
    const fm = new Float64Array(METRICS.length);
    const fmin = new Float64Array(METRICS.length).fill(Number.POSITIVE_INFINITY);
    const fmax = new Float64Array(METRICS.length).fill(Number.NEGATIVE_INFINITY);
    for (const snap of snapshots) {
      const totals = rollupFleet(snap, this.idx);
      METRICS.forEach((m, i) => {
        const v = fleetMetric(totals, m);
        fm[i]! += v;
        if (v < fmin[i]!) fmin[i] = v;
        if (v > fmax[i]!) fmax[i] = v;
      });
    }
    for (let i = 0; i < fm.length; i++) fm[i]! /= snapshots.length;
    this.fleetHistory.appendAggregate(tier, t, fm, fmin, fmax);
  }

  private tableOf(seriesId: string): TieredHistory | undefined {
    if (seriesId.startsWith('fleet:')) return this.fleetHistory;
    const site = seriesId.split(':')[1];
    const table = site === undefined ? undefined : this.siteHistory.get(site);
    return table?.has(seriesId) ? table : undefined;
  }

  hasSeries(seriesId: string): boolean {
    return this.tableOf(seriesId)?.has(seriesId) ?? false;
  }

  /**
   * Answers from the finest tier that reaches back to `from` (the same tier for every requested series,
   * so they share one time axis), merged down to at most maxPoints buckets.
   */
  history(q: HistoryQuery): HistoryResponse {
    let tierIndex = 0;
    for (const id of q.series) {
      const table = this.tableOf(id);
      if (table) tierIndex = Math.max(tierIndex, table.pickTier(q.from));
    }
    const spec = this.tiers[tierIndex]!;
    let step = spec.stepMs;
    const series = q.series.map((id) => {
      const table = this.tableOf(id);
      const metric = id.slice(id.lastIndexOf(':') + 1) as keyof typeof METRIC_UNITS;
      const buckets = table ? table.read(id, tierIndex, q.from, q.to) : [];
      const d = downsample(buckets, spec.stepMs, q.maxPoints);
      step = Math.max(step, d.step);
      return { id, unit: METRIC_UNITS[metric] ?? '', ...d.out };
    });
    return { from: q.from, to: q.to, tier: spec.name, stepMs: step, series };
  }
}
